// Shared by the seat page, the facilitator's console and the projector: the connection to
// the host (reconnecting, resending what got no answer), the words (fetched from the host's
// message catalogue, /words), a helper that builds elements with textContent only (nothing
// is ever inserted as HTML), the feed kept by line number, and the score page.
"use strict";

const SD = {};

SD.lang = localStorage.getItem("stormdrill.lang") || "zh";
SD.WORDS = { zh: {}, en: {} };

SD.loadWords = function () {
  // The pages' words in both languages, from the host's catalogue; resolves when they are in.
  // Until its user picks a language, a page speaks the host's (its --lang, else the one rule).
  return fetch("/words", { cache: "no-store" }).then((r) => r.json()).then((words) => {
    SD.WORDS = words;
    if (!localStorage.getItem("stormdrill.lang") && words.default) SD.lang = words.default;
  });
};

SD.pick = function (text) {
  // A {zh, en} text in the page's language (the other one if that is empty).
  if (text === null || text === undefined) return "";
  if (typeof text === "string") return text;
  return (SD.lang === "zh" ? (text.zh || text.en) : (text.en || text.zh)) || "";
};

SD.w = function (key, fields) {
  // A page word by key in the page's language, its {fields} filled in.
  let text = (SD.WORDS[SD.lang] || {})[key];
  if (text === undefined) text = (SD.WORDS.en || {})[key] || key;
  for (const [k, v] of Object.entries(fields || {})) text = text.split("{" + k + "}").join(String(v));
  return text;
};

SD.other = function () { return SD.lang === "zh" ? "en" : "zh"; };

SD.switchLabel = function () { return (SD.WORDS[SD.other()] || {}).lang_name || SD.other(); };

SD.el = function (tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
};

SD.clear = function (node) { while (node.firstChild) node.removeChild(node.firstChild); return node; };

SD.newId = function (prefix) {
  const random = (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
    : Date.now().toString(36) + Math.random().toString(36).slice(2);
  return (prefix || "m") + "-" + random;
};

SD.hm = function (hours) {
  // Hours as h:mm (a duration).
  if (hours === null || hours === undefined) return "—";
  const minutes = Math.round(Math.abs(hours) * 60);
  return Math.floor(minutes / 60) + ":" + String(minutes % 60).padStart(2, "0");
};

SD.pct = function (x) { return x === null || x === undefined ? "—" : Math.round(x * 100) + "%"; };

SD.statusText = function (kind) {
  // The connection as the badge in the header says it: connected, reconnecting, or not (yet) joined.
  return kind === "open" ? SD.w("online") : kind === "closed" ? SD.w("offline") : SD.w("not_connected");
};

SD.reason = function (msg) { return SD.pick(msg.text) || msg.reason || ""; };

// One connection to the host's /ws. join() gives the join message (called again on every
// reconnect); onMessage gets every message; send() keeps messages with an id until their
// result comes back, and sends them again after a reconnect (the host applies an id once).
SD.Connection = class {
  constructor(join, onMessage, onStatus) {
    this.join = join; this.onMessage = onMessage; this.onStatus = onStatus || (() => {});
    this.pending = new Map(); this.ws = null; this.stopped = false; this.delay = 1000;
  }
  open() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(scheme + "//" + location.host + "/ws");
    this.ws = ws;
    ws.onopen = () => { this.onStatus("open"); this.delay = 1000; ws.send(JSON.stringify(this.join())); };
    ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type === "welcome") { for (const m of this.pending.values()) ws.send(JSON.stringify(m)); }
      if ((msg.type === "result" || msg.type === "error") && msg.id) this.pending.delete(msg.id);
      this.onMessage(msg);
    };
    ws.onclose = () => {
      this.onStatus(this.stopped ? "stopped" : "closed");
      if (!this.stopped) { setTimeout(() => this.open(), this.delay); this.delay = Math.min(this.delay * 2, 8000); }
    };
  }
  send(msg) {
    if (msg.id) this.pending.set(msg.id, msg);
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }
  stop() { this.stopped = true; if (this.ws) this.ws.close(); }
};

// The feed, kept by line number: a reconnect (or a restarted host) sends lines again, and
// each is shown once.
SD.Feed = class {
  constructor(keep) { this.lines = new Map(); this.keep = keep || 100; }
  add(lines) {
    for (const line of lines) this.lines.set(line.n, line);
    const ns = Array.from(this.lines.keys()).sort((a, b) => a - b);
    for (const n of ns.slice(0, Math.max(0, ns.length - this.keep))) this.lines.delete(n);
  }
  latest(n) { return Array.from(this.lines.values()).sort((a, b) => b.n - a.n).slice(0, n); }
};

SD.setLang = function (lang, remember) {
  SD.lang = lang;
  if (remember !== false) localStorage.setItem("stormdrill.lang", lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
};

SD.table = function (heads, rows, cls) {
  const t = SD.el("table", { class: cls || "" });
  const head = SD.el("tr");
  heads.forEach((h, i) => head.append(SD.el("th", { class: i ? "num" : "", text: h })));
  t.append(head);
  for (const row of rows) {
    const tr = SD.el("tr");
    row.forEach((cell, i) => tr.append(SD.el("td", { class: i ? "num" : "", text: String(cell) })));
    t.append(tr);
  }
  return t;
};

SD.scorePage = function (box, s) {
  // The score page (the same figures as `stormdrill report`): the relief verdict and its
  // reasons, the score by objective, the outcome against the plan, and per role the
  // acknowledgements and response times (a seat is sent its own role's line only).
  SD.clear(box);
  box.append(SD.el("h2", { text: SD.w("score_page") }));
  const head = SD.el("div", { class: "score-head" });
  head.append(SD.el("div", { class: "big", id: "score-overall", text: s.overall + "/100" }),
              SD.el("div", { class: "grade", text: SD.w("grade") + ": " + SD.pick(s.grade_text) }),
              SD.el("div", { class: "muted", text: SD.w("process") + " " + SD.pct(s.process) + " · " + SD.w("outcome") + " " + SD.pct(s.outcome) }));
  box.append(head);
  if (s.verdict) {
    const v = SD.el("div", { class: "verdict " + (s.verdict === "PASS" ? "pass" : "fail"), id: "score-verdict" });
    v.append(SD.el("strong", { text: SD.w("verdict") + ": " + SD.pick(s.verdict_text) }));
    const reasons = (s.reasons && s.reasons[SD.lang]) || [];
    if (reasons.length) v.append(SD.el("ul", {}, ...reasons.map((r) => SD.el("li", { text: r }))));
    box.append(v);
  }
  if (s.objectives && s.objectives.length) {
    box.append(SD.el("h3", { text: SD.w("objectives") }),
      SD.table([SD.w("objective_col"), SD.w("rating"), SD.w("score")],
               s.objectives.map((o) => [o.id + " " + SD.pick(o.name), SD.pick(o.rating_text), SD.pct(o.score)]), "objectives"));
  }
  if (s.outcomes && s.outcomes.length) {
    box.append(SD.el("h3", { text: SD.w("outcomes") }),
      SD.table(["", SD.w("team"), SD.w("baseline"), SD.w("score")],
               s.outcomes.map((o) => [SD.pick(o.name), num(o.team), num(o.baseline), SD.pct(o.score)])));
  }
  if (s.roles && s.roles.length) {
    box.append(SD.el("h3", { text: SD.w("roles_table") }),
      SD.table([SD.w("role_col"), SD.w("acks_of"), SD.w("mean_ack"), SD.w("slowest"), SD.w("expected_n"), SD.w("on_time"), SD.w("mean_response")],
               s.roles.map((r) => [SD.pick(r.name), r.acked + " / " + r.sent, SD.hm(r.mean_ack_h), SD.hm(r.slowest_ack_h),
                                   r.expected, r.statuses.full, SD.hm(r.mean_response_h)]), "roles"));
    if (s.roles.length === 1 && s.roles[0].verdicts.length) {
      box.append(SD.el("h3", { text: SD.w("my_part") }),
        SD.el("ul", { class: "verdicts" }, ...s.roles[0].verdicts.map((v) => SD.el("li", { class: v.status, text: SD.pick(v.text) }))));
    }
  }
  box.append(SD.el("p", { class: "muted", text: SD.w("same_as_report", { session: s.session }) }));
  function num(x) { return x === null || x === undefined ? "—" : (Math.round(x * 10) / 10).toLocaleString(); }
};
