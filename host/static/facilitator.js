// The facilitator's console: the clock and what holds it, every control (each does what it
// says or shows why not), the open decision point (close it with options or "no decision"),
// ending with a confirmation and then the score page, the seats (online / offline, last seen,
// what each did), response times by role, the MSEL with who acknowledged each inject, quick
// polls, observer and hotwash notes, ad-hoc injects, the join QR code and the feed.
// The secret leaves the address bar once logged in: the console keeps a token of its own.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const hash = new URLSearchParams(location.hash.slice(1));
  const page = { welcome: null, state: {}, feed: new SD.Feed(100), conn: null, result: null, confirming: false,
                 picked: new Set(), room: "" };
  const tokenKey = () => "stormdrill.console." + page.room;

  function words() {
    document.title = "stormdrill · " + SD.w("console");
    $("lang-switch").textContent = SD.switchLabel();
    $("l-room").textContent = SD.w("room"); $("l-secret").textContent = SD.w("secret"); $("l-name").textContent = SD.w("your_name");
    $("login-button").textContent = SD.w("login");
    const heads = { join: "how_to_join", seats: "seats", msel: "msel", add: "add", feed: "feed", responses: "responses",
                    poll: "poll", notes: "observer_notes" };
    for (const [id, key] of Object.entries(heads)) $("h-" + id).textContent = SD.w(key);
  }

  function connect(join) {
    if (page.conn) page.conn.stop();
    page.conn = new SD.Connection(join, onMessage, status);
    page.conn.open();
  }

  $("login-form").addEventListener("submit", (event) => {
    event.preventDefault();
    page.room = $("room").value.trim().toUpperCase();
    const secret = $("secret").value, name = $("name").value.trim() || "facilitator";
    let first = true;
    connect(() => {
      const token = sessionStorage.getItem(tokenKey());
      if (token && !first) return { type: "join", room: page.room, console: token };
      first = false;
      return { type: "join", room: page.room, facilitator: secret, name: name };
    });
  });
  $("lang-switch").addEventListener("click", () => { SD.setLang(SD.other()); words(); status(page.statusKind || "idle"); if (page.welcome) buildForms(); render(); });

  function status(kind) { page.statusKind = kind; const n = $("status"); n.className = "status " + kind; n.textContent = SD.statusText(kind); }

  function send(type, extra) { page.conn.send(Object.assign({ type: type, id: SD.newId(type) }, extra || {})); }

  function showLogin(reason) {
    if (page.conn) page.conn.stop();
    page.welcome = null;
    $("console-view").hidden = true; $("login-view").hidden = false;
    $("room").value = page.room; $("secret").value = "";
    $("login-error").textContent = reason;
  }

  function onMessage(msg) {
    if (msg.type === "welcome") {
      page.welcome = msg;
      if (msg.console) sessionStorage.setItem(tokenKey(), msg.console);
      // the secret leaves the address bar (and the history) once logged in
      if (location.hash) history.replaceState(null, "", location.pathname + location.search);
      $("secret").value = "";
      $("login-view").hidden = true; $("console-view").hidden = false;
      buildForms();
    } else if (msg.type === "state") page.state = msg;
    else if (msg.type === "delta") { Object.assign(page.state, msg.changes); if ("decision" in msg.changes) page.picked = new Set(); }
    else if (msg.type === "feed") page.feed.add(msg.lines);
    else if (msg.type === "result") page.result = msg;
    else if (msg.type === "error") {
      if (!page.welcome) {
        if (msg.code === "console") sessionStorage.removeItem(tokenKey());
        showLogin(SD.reason(msg));
      } else page.result = { ok: false, reason: msg.reason, text: msg.text };
    }
    render();
  }

  function render() {
    if (!page.welcome) return;
    $("exercise-name").textContent = SD.w("console") + " · " + SD.pick(page.welcome.exercise.name);
    renderClock(); renderControls(); renderHold(); renderResult(); renderConfirm(); renderScore(); renderDecision();
    renderSeats(); renderResponses(); renderPoll(); renderNotes(); renderMsel(); renderJoin(); renderFeed();
  }

  function reliefText(s) {
    const left = s.deadline - s.t;
    if (s.t < s.onset) return SD.w("relief_before", { time: SD.hm(s.onset - s.t), deadline: SD.hm(s.deadline) });
    return left >= 0 ? SD.w("relief_left", { time: SD.hm(left) }) : SD.w("relief_past", { time: SD.hm(-left) });
  }

  function renderClock() {
    const s = page.state;
    SD.clear($("clock")).append(SD.el("span", { text: SD.pick(s.clock) }),
      SD.el("span", { class: "relief", id: "relief", text: SD.w("relief_clock") + ": " + reliefText(s) }),
      SD.el("span", { class: "mode", text: s.finished ? SD.w("finished") : s.paused ? SD.w("paused") : s.mode === "paced" ? SD.w("paced") + " ×" + s.ratio : SD.w("stepped") }));
  }

  function renderControls() {
    const s = page.state, c = SD.clear($("controls")), ctl = s.control || {};
    const stuck = !ctl.can_advance, why = ctl.blocked ? SD.pick(ctl.blocked.text) : "";
    if (s.mode !== "paced") {
      c.append(SD.el("button", { type: "button", id: "advance-next", disabled: stuck, title: why, onclick: () => send("advance"), text: SD.w("next") }), " ",
               SD.el("button", { type: "button", id: "advance-15", disabled: stuck, title: why, onclick: () => send("advance", { by: 0.25 }), text: SD.w("plus15") }), " ",
               SD.el("button", { type: "button", id: "advance-60", disabled: stuck, title: why, onclick: () => send("advance", { by: 1 }), text: SD.w("plus60") }), " ");
    }
    c.append(SD.el("button", { type: "button", id: "pause", class: "secondary", disabled: s.finished,
                               onclick: () => send("act", { act: { act: s.paused ? "resume" : "pause" } }), text: s.paused ? SD.w("resume") : SD.w("pause") }), " ",
             SD.el("button", { type: "button", id: "finish", class: "danger", disabled: s.finished, onclick: () => { page.confirming = true; render(); }, text: SD.w("finish") }));
  }

  function renderHold() {
    const ctl = page.state.control || {}, box = SD.clear($("hold"));
    box.append(SD.el("strong", { text: SD.w("blocked") + ": " }),
               SD.el("span", { id: "hold-text", class: ctl.blocked ? "held" : "", text: ctl.blocked ? SD.pick(ctl.blocked.text) : SD.w("clock_free") }));
    const n = ctl.next;
    if (n) {
      const what = n.kind === "state" ? SD.w("waiting_state", { ids: n.ids.join(SD.w("sep")) }) : n.id + " · " + n.clock;
      box.append(SD.el("div", { id: "next-event", class: "muted", text: SD.w("next_event") + ": " + what }));
    } else if (!page.state.finished) {
      box.append(SD.el("div", { id: "next-event", class: "muted", text: SD.w("next_event") + ": " + SD.w("nothing_left") }));
    }
  }

  function renderResult() {
    const r = page.result, out = $("act-result");
    out.className = "result card " + (r ? (r.ok ? "ok" : "refused") : "");
    out.hidden = !r;
    if (!r) return;
    let text = r.ok ? "✓ " + SD.w("ok") : "✗ " + SD.w("refused") + ": " + SD.reason(r);
    if (r.ok && r.of === "advance") text += " · " + SD.w("moved", { from: SD.hm(r.from_t), to: SD.hm(r.t) });
    out.textContent = text + (r.repeat ? SD.w("repeat") : "");
  }

  function renderConfirm() {
    const box = $("confirm");
    box.hidden = !page.confirming || page.state.finished;
    if (box.hidden) return;
    SD.clear(box).append(SD.el("h2", { text: SD.w("confirm_end") }), SD.el("p", { text: SD.w("confirm_end_detail") }),
      SD.el("button", { type: "button", id: "confirm-end", class: "danger", onclick: () => { page.confirming = false; send("finish", { confirm: true }); }, text: SD.w("confirm_yes") }), " ",
      SD.el("button", { type: "button", id: "cancel-end", class: "secondary", onclick: () => { page.confirming = false; render(); }, text: SD.w("cancel") }));
  }

  function renderScore() {
    const s = page.state.score, box = $("score");
    box.hidden = !s;
    if (s) SD.scorePage(box, s);
  }

  function roleName(id) { const r = page.welcome.exercise.roles.find((x) => x.id === id); return r ? SD.pick(r.name) : id; }

  function renderDecision() {
    const d = page.state.decision, box = $("decision");
    box.hidden = !d;
    if (!d) return;
    SD.clear(box).append(SD.el("h2", { text: SD.w("decision") + " " + d.id }), SD.el("p", { class: "prompt", text: SD.pick(d.prompt) }),
      SD.el("p", { class: "muted", text: SD.w("answered_by") + ": " + d.roles.map(roleName).join(SD.w("sep")) }));
    const many = !!d.multi;
    const buttons = SD.el("div", { class: "close-buttons" },
      SD.el("button", { type: "button", id: "close-with", onclick: () => send("close", { decision: d.id, options: Array.from(page.picked) }), text: SD.w("close_with") }), " ",
      SD.el("button", { type: "button", id: "close-none", class: "secondary", onclick: () => send("close", { decision: d.id, options: [] }), text: SD.w("close_none") }));
    box.append(buttons);
    for (const o of d.options) {
      const input = SD.el("input", { type: many ? "checkbox" : "radio", name: "close-option", "data-option": String(o.i), disabled: !o.closes_as,
        checked: page.picked.has(o.i), onchange: (e) => { if (!many) page.picked = new Set(); if (e.target.checked) page.picked.add(o.i); else page.picked.delete(o.i); } });
      const who = o.closes_as ? " → " + roleName(o.closes_as) : "";
      box.append(SD.el("label", { class: "check" }, input, SD.el("span", { text: SD.pick(o.label) + who })));
    }
  }

  function ago(wall) {
    if (!wall) return "—";
    const s = Math.max(0, Math.round(Date.now() / 1000 - wall));
    return s < 120 ? SD.w("ago", { n: s }) : SD.w("ago_min", { n: Math.round(s / 60) });
  }

  function renderSeats() {
    const box = SD.clear($("seats")), seats = page.state.seats || [];
    if (!seats.length) { box.append(SD.el("p", { class: "muted", text: SD.w("none") })); return; }
    const t = SD.table([SD.w("seat_col"), SD.w("role_col"), "", SD.w("last_seen"), SD.w("actions_n"), SD.w("refused_n"), SD.w("acks_of")],
      seats.map((x) => [x.name, roleName(x.role), x.online ? SD.w("seat_online") : SD.w("seat_offline"), ago(x.last_seen), x.actions, x.refused, x.acks]), "seats");
    t.querySelectorAll("tr").forEach((tr, i) => { if (i) { tr.dataset.seat = seats[i - 1].name; tr.className = seats[i - 1].online ? "online" : "offline"; } });
    box.append(t);
  }

  function renderResponses() {
    const rows = (page.state.responses || []).map((r) => [SD.pick(r.name), r.acked + " / " + r.sent, SD.hm(r.mean_ack_h), SD.hm(r.slowest_ack_h), r.actions, r.refused]);
    SD.clear($("responses")).append(SD.table([SD.w("role_col"), SD.w("acks_of"), SD.w("mean_ack"), SD.w("slowest"), SD.w("actions_n"), SD.w("refused_n")], rows, "responses"));
  }

  function renderPoll() {
    const box = $("poll-current"), p = page.state.poll;
    if (!box) return;
    SD.clear(box);
    if (!p) return;
    box.append(SD.el("p", { class: "prompt", text: p.id + " · " + p.question + " · " + p.voters + " " + SD.w("votes") }));
    box.append(SD.table(["", SD.w("votes")], p.options.map((o) => [o.text, o.votes])));
    if (p.open) box.append(SD.el("button", { type: "button", id: "poll-close", class: "secondary", onclick: () => send("poll_close", { poll: p.id }), text: SD.w("poll_close") }));
  }

  function renderNotes() {
    const list = $("notes-list");
    if (!list) return;
    SD.clear(list).append(...(page.state.notes || []).slice().reverse().map((n) =>
      SD.el("li", { text: n.kind + (n.role ? " · " + roleName(n.role) : "") + " · " + n.author + ": " + n.text })));
  }

  function renderMsel() {
    const msel = SD.clear($("msel"));
    for (const item of page.state.msel || []) {
      const li = SD.el("li", { "data-item": item.id, class: item.state });
      li.append(SD.el("div", { class: "meta", text: item.id + " · " + item.kind + " · " + item.state + " · " + item.when + " → " + item.to.map(roleName).join(SD.w("sep")) }),
                SD.el("div", { class: "msg", text: SD.pick(item.text) }));
      if (item.notes) li.append(SD.el("div", { class: "meta", text: SD.w("notes") + ": " + item.notes }));
      if (item.delivered_t !== null && item.kind !== "decision") {
        const by = item.seat_acks.map((a) => a.seat + " (" + roleName(a.role) + ")");
        const ackedRoles = new Set(item.acks.map((a) => a[0]));
        const missing = item.to.filter((r) => !ackedRoles.has(r)).map(roleName);
        li.append(SD.el("div", { class: "acks", text: SD.w("acks_per_seat") + ": " + (by.join(SD.w("sep")) || "—") +
          (missing.length ? " · " + SD.w("not_acked") + ": " + missing.join(SD.w("sep")) : "") }));
      }
      if (item.kind === "inject" && item.state === "coming") {
        li.append(SD.el("button", { type: "button", class: "small", onclick: () => send("act", { act: { act: "release", inject: item.id } }), text: SD.w("release") }), " ",
                  SD.el("button", { type: "button", class: "small secondary", onclick: () => send("act", { act: { act: "skip", inject: item.id } }), text: SD.w("skip") }));
      }
      msel.append(li);
    }
  }

  function renderJoin() {
    const join = SD.clear($("join"));
    if (page.welcome.qr) join.append(SD.el("img", { src: page.welcome.qr, alt: "QR", width: "220", height: "220" }));
    join.append(SD.el("p", { text: SD.w("room") + ": " + page.welcome.room }), SD.el("p", { text: page.welcome.join_url || "" }));
  }

  function renderFeed() {
    SD.clear($("feed")).append(...page.feed.latest(40).map((l) => SD.el("li", { text: l.clock + "  " + SD.pick(l.text) })));
  }

  function buildForms() { buildAddForm(); buildPollForm(); buildNoteForm(); }

  function roleSelect(withAll, multiple) {
    const roles = SD.el("select", multiple ? { multiple: true, size: String(Math.min(6, page.welcome.exercise.roles.length + 1)) } : {});
    roles.append(SD.el("option", { value: withAll, text: withAll === "all" ? SD.w("all_roles") : SD.w("everyone"), selected: true }));
    for (const r of page.welcome.exercise.roles) roles.append(SD.el("option", { value: r.id, text: SD.pick(r.name) }));
    return roles;
  }

  function buildAddForm() {
    const form = SD.clear($("add-form"));
    const zh = SD.el("textarea", { rows: "2", maxlength: "500" }), en = SD.el("textarea", { rows: "2", maxlength: "500" });
    const roles = roleSelect("all", true);
    form.append(SD.el("label", {}, SD.el("span", { text: SD.w("message_zh") }), zh), SD.el("label", {}, SD.el("span", { text: SD.w("message_en") }), en),
                SD.el("label", {}, SD.el("span", { text: SD.w("to") }), roles), SD.el("button", { type: "submit", text: SD.w("send") }));
    form.onsubmit = (event) => {
      event.preventDefault();
      const chosen = Array.from(roles.selectedOptions).map((o) => o.value);
      send("act", { act: { act: "add_inject", message: { zh: zh.value, en: en.value }, to: chosen.includes("all") || !chosen.length ? "all" : chosen } });
      zh.value = ""; en.value = "";
    };
  }

  function buildPollForm() {
    const box = SD.clear($("poll"));
    const question = SD.el("input", { id: "poll-question", maxlength: "300" }), options = SD.el("textarea", { id: "poll-options", rows: "3" });
    const form = SD.el("form", { id: "poll-form" }, SD.el("label", {}, SD.el("span", { text: SD.w("poll_question") }), question),
      SD.el("label", {}, SD.el("span", { text: SD.w("poll_options") }), options), SD.el("button", { type: "submit", text: SD.w("poll_open") }));
    form.onsubmit = (e) => {
      e.preventDefault();
      send("poll", { question: question.value, options: options.value.split("\n").map((x) => x.trim()).filter(Boolean) });
      question.value = ""; options.value = "";
    };
    box.append(form, SD.el("div", { id: "poll-current" }));
  }

  function buildNoteForm() {
    const box = SD.clear($("notes"));
    const kind = SD.el("select", { id: "note-kind" }, ...["observation", "strength", "improvement"].map((k) => SD.el("option", { value: k, text: SD.w(k) })));
    const role = roleSelect("", false), text = SD.el("textarea", { id: "note-text", rows: "2", maxlength: "2000" });
    role.id = "note-role";
    const form = SD.el("form", { id: "note-form" }, SD.el("label", {}, SD.el("span", { text: SD.w("note_kind") }), kind),
      SD.el("label", {}, SD.el("span", { text: SD.w("note_role") }), role), SD.el("label", {}, SD.el("span", { text: SD.w("note_text") }), text),
      SD.el("button", { type: "submit", text: SD.w("save_note") }));
    form.onsubmit = (e) => {
      e.preventDefault();
      send("note", { kind: kind.value, role: role.value, text: text.value });
      text.value = "";
    };
    box.append(form, SD.el("ol", { id: "notes-list", class: "feed" }));
  }

  setInterval(() => { if (page.welcome) renderSeats(); }, 5000);

  SD.loadWords().then(() => {
    SD.setLang(SD.lang, false); words(); status("idle");
    page.room = (hash.get("room") || new URLSearchParams(location.search).get("room") || "").toUpperCase();
    $("room").value = page.room; $("secret").value = hash.get("key") || "";
    const token = page.room && sessionStorage.getItem(tokenKey());
    if (token) connect(() => ({ type: "join", room: page.room, console: sessionStorage.getItem(tokenKey()) || token }));
    else if (page.room && hash.get("key")) $("login-button").click();
    document.body.dataset.ready = "1";
  });
})();
