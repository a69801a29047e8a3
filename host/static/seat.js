// The seat page: join with the room code, pick a role and a name, then read the role's inbox
// (a banner, a sound and a vibration for each new inject until it is marked received),
// answer decision points (one option or several), vote in quick polls, send the actions the
// role's card offers, see what this seat did (also after a reload), and after the end the
// role's part of the score page and the hotwash notes.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const page = { room: (params.get("room") || "").toUpperCase(), roles: [], welcome: null, state: {},
                 inbox: new Map(), feed: new SD.Feed(60), history: new Map(), conn: null, lastResult: null,
                 countdownAt: 0, alerted: new Set(), audio: null, picked: new Set(), noteResult: null };
  const tokenKey = () => "stormdrill.seat." + page.room;

  function words() {
    document.title = "stormdrill · " + SD.w("title");
    $("lang-switch").textContent = SD.switchLabel();
    $("join-title").textContent = SD.w("join");
    $("l-room").textContent = SD.w("room"); $("l-role").textContent = SD.w("role"); $("l-name").textContent = SD.w("name");
    $("join-button").textContent = SD.w("join");
    for (const key of ["inbox", "actions", "situation", "feed", "history"]) $("h-" + key).textContent = SD.w(key);
  }

  function status(kind) {
    page.status = kind;
    const node = $("status");
    node.className = "status " + kind;
    node.textContent = SD.statusText(kind);
  }

  function roleOptions() {
    const select = SD.clear($("role"));
    select.appendChild(SD.el("option", { value: "", text: "—" }));
    for (const role of page.roles) select.appendChild(SD.el("option", { value: role.id, text: SD.pick(role.name) }));
    const saved = localStorage.getItem("stormdrill.role");
    if (saved && page.roles.some((r) => r.id === saved)) select.value = saved;
  }

  function lobby() {
    // Ask the host which roles the exercise offers (needs the room code, changes nothing).
    if (!page.room) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(scheme + "//" + location.host + "/ws");
    ws.onopen = () => ws.send(JSON.stringify({ type: "lobby", room: page.room }));
    ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type === "lobby") { page.roles = msg.exercise.roles; $("exercise-name").textContent = SD.pick(msg.exercise.name); roleOptions(); $("join-error").textContent = ""; }
      else if (msg.type === "error") $("join-error").textContent = SD.reason(msg);
      ws.close();
    };
  }

  function connect(join) {
    if (page.conn) page.conn.stop();
    page.conn = new SD.Connection(join, onMessage, status);
    page.conn.open();
  }

  function unlockSound() {
    // Browsers let a page make a sound only after a tap: the join button is one.
    try { if (!page.audio && (window.AudioContext || window.webkitAudioContext)) page.audio = new (window.AudioContext || window.webkitAudioContext)(); } catch (e) { page.audio = null; }
  }

  function alertNewInject() {
    if (navigator.vibrate) { try { navigator.vibrate([200, 100, 200]); } catch (e) { /* not allowed here */ } }
    if (!page.audio) return;
    try {
      const osc = page.audio.createOscillator(), gain = page.audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.15;
      osc.connect(gain); gain.connect(page.audio.destination);
      osc.start(); osc.stop(page.audio.currentTime + 0.35);
    } catch (e) { /* no sound on this browser */ }
  }

  $("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
    unlockSound();
    page.room = $("room").value.trim().toUpperCase();
    const role = $("role").value, name = $("name").value.trim();
    if (!role) { $("join-error").textContent = SD.w("need_role"); if (!page.roles.length) lobby(); return; }
    if (!name) { $("join-error").textContent = SD.w("need_name"); return; }
    localStorage.setItem("stormdrill.role", role); localStorage.setItem("stormdrill.name", name);
    let first = true;
    connect(() => {
      const token = localStorage.getItem(tokenKey());
      if (token && !first) return { type: "join", room: page.room, token: token };
      first = false;
      return { type: "join", room: page.room, role: role, name: name };
    });
  });
  $("room").addEventListener("change", () => { page.room = $("room").value.trim().toUpperCase(); lobby(); });
  $("lang-switch").addEventListener("click", () => {
    SD.setLang(SD.other()); words(); roleOptions();
    if (page.welcome) renderCard();
    status(page.status || "idle");
    render();
  });
  document.addEventListener("click", unlockSound, { once: true });

  function onMessage(msg) {
    if (msg.type === "welcome") {
      page.welcome = msg; localStorage.setItem(tokenKey(), msg.token);
      $("join-view").hidden = true; $("seat-view").hidden = false;
      page.roles = msg.exercise.roles;
      renderCard();
    } else if (msg.type === "inbox") {
      for (const item of msg.items) {
        const isNew = item.ack === null && !page.inbox.has(item.id) && !msg.full;
        page.inbox.set(item.id, item);
        if (isNew && !page.alerted.has(item.id)) { page.alerted.add(item.id); alertNewInject(); }
      }
    } else if (msg.type === "history") {
      for (const item of msg.items) page.history.set(item.id, item);
    } else if (msg.type === "state") {
      page.state = msg; page.countdownAt = Date.now();
    } else if (msg.type === "delta") {
      Object.assign(page.state, msg.changes);
      if ("countdown_s" in msg.changes) page.countdownAt = Date.now();
      if ("decision" in msg.changes) page.picked = new Set();
    } else if (msg.type === "feed") {
      page.feed.add(msg.lines);
    } else if (msg.type === "result") {
      if (msg.of === "action" || msg.of === "answer" || msg.of === "vote") page.lastResult = msg;
      if (msg.of === "note") page.noteResult = msg;
    } else if (msg.type === "error") {
      if (!page.welcome) {
        if (msg.code === "token") { localStorage.removeItem(tokenKey()); page.conn.stop(); $("join-view").hidden = false; $("seat-view").hidden = true; }
        if (msg.code !== "rate") { page.conn.stop(); }
        $("join-error").textContent = SD.reason(msg);
      } else { page.lastResult = { ok: false, reason: msg.reason, text: msg.text }; }
    }
    render();
  }

  function render() {
    if (!page.welcome) return;
    $("exercise-name").textContent = SD.pick(page.welcome.exercise.name);
    const me = page.roles.find((r) => r.id === page.welcome.role);
    SD.clear($("who")).append(
      SD.el("span", {}, SD.w("you_are") + " ", SD.el("strong", { text: SD.pick(me ? me.name : page.welcome.role) }), " · " + page.welcome.name),
      SD.el("button", { type: "button", class: "small secondary", onclick: leave, text: SD.w("leave") }));
    renderClock(); renderBanner(); renderScore(); renderDecision(); renderPoll(); renderInbox(); renderDue(); renderSituation();
    renderHistory(); renderFeed(); renderResult();
  }

  function leave() {
    localStorage.removeItem(tokenKey()); page.conn.stop(); page.welcome = null; page.inbox.clear(); page.history.clear();
    page.feed = new SD.Feed(60);
    $("seat-view").hidden = true; $("join-view").hidden = false; $("banner").hidden = true; $("room").value = page.room; roleOptions();
  }

  function renderClock() {
    const s = page.state, box = SD.clear($("clock"));
    box.append(SD.el("span", { text: SD.pick(s.clock) }));
    const mode = s.finished ? SD.w("finished") : s.paused ? SD.w("paused")
      : s.mode === "paced" ? SD.w("paced") + " ×" + s.ratio : SD.w("stepped");
    box.append(SD.el("span", { class: "mode", text: mode }));
  }

  function ack(id) { page.conn.send({ type: "ack", id: SD.newId("ack"), inject: id }); }

  function renderBanner() {
    // An inject not yet marked received stays on top of the page until it is.
    const open = page.state.finished ? [] : Array.from(page.inbox.values()).filter((i) => i.ack === null).sort((a, b) => a.t - b.t);
    const box = $("banner");
    box.hidden = !open.length;
    if (!open.length) return;
    const item = open[0];
    SD.clear(box).append(SD.el("div", { class: "banner-title", text: SD.w("new_inject") + (open.length > 1 ? " (" + open.length + ")" : "") }),
      SD.el("div", { class: "msg", text: item.clock + " · " + item.id + " · " + SD.pick(item.message) }),
      SD.el("button", { type: "button", id: "banner-ack", "data-inject": item.id, onclick: () => ack(item.id), text: SD.w("ack") }));
  }

  function countdownLeft() {
    const s = page.state;
    if (s.countdown_s === null || s.countdown_s === undefined) return null;
    return Math.max(0, Math.round(s.countdown_s - (Date.now() - page.countdownAt) / 1000));
  }

  function renderDecision() {
    const d = page.state.decision, box = $("decision");
    if (!d) { box.hidden = true; return; }
    box.hidden = false; SD.clear(box);
    const many = !!d.multi;
    box.append(SD.el("h2", { text: SD.w("decision") + " " + d.id }), SD.el("p", { class: "prompt", text: SD.pick(d.prompt) }));
    const left = countdownLeft();
    if (left !== null) box.append(SD.el("p", { class: "countdown", id: "countdown", text: SD.w("countdown") + " " + fmtSeconds(left) }));
    if (!d.may_answer) {
      const names = d.roles.map((id) => { const r = page.roles.find((x) => x.id === id); return r ? SD.pick(r.name) : id; });
      box.append(SD.el("p", { text: SD.w("not_yours") + names.join(SD.w("sep")) }));
    }
    if (many && d.may_answer) box.append(SD.el("p", { class: "muted", text: SD.w("choose_many") }));
    const options = SD.el("div", { class: "options" });
    for (const o of d.options) {
      const label = SD.pick(o.label) + (o.allowed || !d.may_answer ? "" : " — " + SD.w("not_allowed"));
      if (many) {
        const box2 = SD.el("input", { type: "checkbox", "data-option": String(o.i), disabled: !o.allowed, checked: page.picked.has(o.i),
          onchange: (e) => { if (e.target.checked) page.picked.add(o.i); else page.picked.delete(o.i); } });
        options.append(SD.el("label", { class: "check" + (o.allowed ? "" : " disabled") }, box2, SD.el("span", { text: label })));
      } else {
        options.append(SD.el("button", { type: "button", "data-option": String(o.i), disabled: !o.allowed,
          title: o.allowed ? "" : SD.w("not_allowed"), onclick: () => answer(d.id, [o.i]), text: label }));
      }
    }
    if (many && d.may_answer) options.append(SD.el("button", { type: "button", id: "send-choice", onclick: () => answer(d.id, Array.from(page.picked)), text: SD.w("send_choice") }));
    if (d.may_answer) options.append(SD.el("button", { type: "button", class: "secondary", onclick: () => answer(d.id, []), text: SD.w("close_no_option") }));
    box.append(options);
  }

  function fmtSeconds(s) { const m = Math.floor(s / 60); return m + ":" + String(s % 60).padStart(2, "0"); }

  function answer(decision, options) {
    page.conn.send({ type: "answer", id: SD.newId("answer"), decision: decision, options: options });
  }

  function renderPoll() {
    const p = page.state.poll, box = $("poll");
    if (!p || (!p.open && p.options[0].votes === null)) { box.hidden = true; return; }
    box.hidden = false; SD.clear(box);
    box.append(SD.el("h2", { text: SD.w("poll") + " " + p.id }), SD.el("p", { class: "prompt", text: p.question }));
    const mine = new Set(p.mine || []);
    for (const o of p.options) {
      const text = o.text + (o.votes === null ? "" : " — " + o.votes + " " + SD.w("votes"));
      box.append(SD.el("button", { type: "button", class: mine.has(o.i) ? "chosen" : "secondary", "data-vote": String(o.i), disabled: !p.open,
        onclick: () => page.conn.send({ type: "vote", id: SD.newId("vote"), poll: p.id, options: [o.i] }), text: text }));
    }
    if (mine.size) box.append(SD.el("p", { class: "result ok", text: "✓ " + SD.w("voted") }));
  }

  function renderInbox() {
    const list = SD.clear($("inbox"));
    const items = Array.from(page.inbox.values()).sort((a, b) => b.t - a.t);
    if (!items.length) list.append(SD.el("li", { class: "meta", text: SD.w("none") }));
    for (const item of items) {
      const li = SD.el("li", { class: item.ack === null ? "unread" : "", "data-inject": item.id });
      li.append(SD.el("div", { class: "meta", text: item.clock + " · " + item.id + (SD.pick(item.from) ? " · " + SD.w("from") + " " + SD.pick(item.from) : "") }),
                SD.el("div", { class: "msg", text: SD.pick(item.message) }));
      if (item.ack === null) li.append(SD.el("button", { type: "button", class: "small", onclick: () => ack(item.id), text: SD.w("ack") }));
      else li.append(SD.el("span", { class: "done", text: "✓ " + SD.w("acked") }));
      list.append(li);
    }
  }

  function renderDue() {
    // What the plan expects of this role now, each with the action that meets it: one tap.
    const due = page.state.due || [], box = $("due");
    box.hidden = !due.length;
    if (!due.length) return;
    SD.clear(box).append(SD.el("h2", { text: SD.w("due_now") }));
    const list = SD.el("ul", { class: "due-list" });
    due.forEach((d, n) => list.append(SD.el("li", {}, SD.el("span", { text: SD.pick(d.label) }), " ",
      SD.el("button", { type: "button", class: "small", "data-due": String(n),
        onclick: () => page.conn.send({ type: "action", id: SD.newId("due"), action: d.action, rationale: d.source || "" }), text: SD.w("do_it") }))));
    box.append(list);
  }

  function renderCard() {
    const box = SD.clear($("forms")), card = page.welcome.card || { forms: page.welcome.forms, expects: [] };
    if (!card.forms.length) box.append(SD.el("p", { class: "muted", text: SD.w("nothing_to_do") }));
    for (const form of card.forms) {
      const node = SD.el("form", { class: "action", "data-action": form.action });
      const fields = SD.el("div", { class: "fields" });
      for (const field of form.fields) {
        const select = SD.el("select", field.multi ? { name: field.key, multiple: true, size: String(Math.min(5, field.choices.length)) } : { name: field.key });
        for (const c of field.choices) select.append(SD.el("option", { value: c.value, text: SD.pick(c.label), selected: c.value === field.default }));
        fields.append(SD.el("label", {}, SD.el("span", { text: SD.pick(field.label) }), select));
      }
      const why = SD.el("input", { name: "rationale", maxlength: "200", placeholder: SD.w("rationale") });
      node.append(SD.el("h3", { text: SD.pick(form.label) }), fields, SD.el("label", {}, why),
                  SD.el("button", { type: "submit", text: SD.w("send") + " · " + SD.pick(form.label) }));
      node.addEventListener("submit", (event) => {
        event.preventDefault();
        const values = {};
        for (const select of node.querySelectorAll("select")) {
          values[select.name] = select.multiple ? Array.from(select.selectedOptions).map((o) => o.value) : select.value;
        }
        page.conn.send({ type: "action", id: SD.newId("action"), form: form.action, values: values, rationale: why.value });
        why.value = "";
      });
      box.append(node);
    }
    const expects = SD.clear($("expects"));
    if (card.expects && card.expects.length) {
      expects.append(SD.el("h3", { text: SD.w("expected") }),
        SD.el("ul", { class: "expects" }, ...card.expects.map((e) => SD.el("li", { text: SD.pick(e.text) }))));
    }
  }

  function renderResult() {
    const r = page.lastResult, node = $("action-result");
    if (!r) { node.textContent = ""; return; }
    const ok = r.ok && r.action_ok !== false;
    node.className = "result " + (ok ? "ok" : "refused");
    node.textContent = (ok ? "✓ " + SD.w("ok") : "✗ " + SD.w("refused") + ": " + (SD.reason(r) || r.action_reason || "")) + (r.repeat ? SD.w("repeat") : "");
  }

  function renderSituation() {
    const s = page.state.situation, box = SD.clear($("situation"));
    if (!s) return;
    const badges = SD.el("div");
    for (const sig of s.signals) badges.append(SD.el("span", { class: "badge warn", text: SD.pick(sig) }));
    if (s.response_level) badges.append(SD.el("span", { class: "badge", text: SD.w("response") + " " + s.response_level }));
    badges.append(SD.el("span", { class: "badge good", text: SD.w("secured") + " " + s.secured }));
    for (const key of ["home", "moving", "queued", "sheltered", "relatives", "overflow"]) {
      if (s.counts[key]) badges.append(SD.el("span", { class: "badge" + (key === "overflow" ? " bad" : ""), text: SD.w(key) + " " + s.counts[key] }));
    }
    if (s.left_in_danger) badges.append(SD.el("span", { class: "badge bad", text: SD.w("left_in_danger") + " " + s.left_in_danger }));
    if (s.closed_roads.length) badges.append(SD.el("span", { class: "badge bad", text: SD.w("roads_closed") + " " + s.closed_roads.join(", ") }));
    box.append(badges);
    const news = page.state.news && page.state.news[SD.lang];
    if (news && news.length > 1) { const ul = SD.el("ul", { class: "news" }); for (const line of news.slice(1)) ul.append(SD.el("li", { text: line.trim() })); box.append(ul); }
    if (s.zones) box.append(SD.table([SD.w("zones"), SD.w("at_home")], s.zones.map((z) => [SD.pick(z.name), z.at_home + " / " + z.population])));
    if (s.shelters) box.append(SD.table([SD.w("shelters"), SD.w("occupancy"), SD.w("cover")], s.shelters.map((x) => [
      SD.pick(x.name) + " · " + SD.w(x.usable ? (x.state === "open" ? "open_shelter" : x.state === "opening" ? "opening" : "closed_shelter") : "unusable"),
      x.occupancy + " / " + x.capacity, x.cover_h === null ? "—" : x.cover_h + " " + SD.w("hours")])));
    if (s.depots) box.append(SD.table([SD.w("depots"), ""], s.depots.map((d) => [SD.pick(d.name), d.stock.map((x) => SD.pick(x.label) + " " + x.units).join(" · ")])));
  }

  function renderHistory() {
    const list = SD.clear($("history"));
    const items = Array.from(page.history.values()).reverse();  // the latest first, in the order done
    if (!items.length) list.append(SD.el("li", { class: "meta", text: SD.w("none") }));
    for (const h of items) {
      list.append(SD.el("li", { class: h.ok ? "ok" : "refused", "data-history": h.id },
        h.clock + "  " + SD.pick(h.text) + "  " + (h.ok ? "✓" : "✗ " + h.reason)));
    }
  }

  function renderFeed() {
    const list = SD.clear($("feed"));
    for (const line of page.feed.latest(20)) list.append(SD.el("li", { text: line.clock + "  " + SD.pick(line.text) }));
  }

  function renderScore() {
    const s = page.state.score, box = $("score"), hot = $("hotwash");
    box.hidden = !s; hot.hidden = !s;
    if (!s) return;
    SD.scorePage(box, s);
    if (hot.dataset.built === SD.lang) { renderNoteResult(); return; }
    hot.dataset.built = SD.lang;
    const kind = SD.el("select", { name: "kind" }, SD.el("option", { value: "strength", text: SD.w("strength") }),
                       SD.el("option", { value: "improvement", text: SD.w("improvement") }));
    const text = SD.el("textarea", { name: "text", rows: "3", maxlength: "2000" });
    const form = SD.el("form", { id: "hotwash-form" }, SD.el("label", {}, SD.el("span", { text: SD.w("note_kind") }), kind),
      SD.el("label", {}, SD.el("span", { text: SD.w("note_text") }), text), SD.el("button", { type: "submit", text: SD.w("save_note") }),
      SD.el("p", { id: "note-result", class: "result" }));
    form.onsubmit = (e) => {
      e.preventDefault();
      if (!text.value.trim()) return;
      page.conn.send({ type: "note", id: SD.newId("note"), kind: kind.value, text: text.value });
      text.value = "";
    };
    SD.clear(hot).append(SD.el("h2", { text: SD.w("hotwash") }), form);
    renderNoteResult();
  }

  function renderNoteResult() {
    const r = page.noteResult, node = $("note-result");
    if (!node || !r) return;
    node.className = "result " + (r.ok ? "ok" : "refused");
    node.textContent = r.ok ? "✓ " + SD.w("note_saved") : "✗ " + SD.reason(r);
  }

  setInterval(() => { const node = $("countdown"); const left = countdownLeft(); if (node && left !== null) node.textContent = SD.w("countdown") + " " + fmtSeconds(left); }, 1000);

  SD.loadWords().then(() => {
    SD.setLang(SD.lang, false); words(); status("idle");
    $("room").value = page.room; $("name").value = localStorage.getItem("stormdrill.name") || "";
    if (page.room) lobby();
    if (page.room && localStorage.getItem(tokenKey())) connect(() => ({ type: "join", room: page.room, token: localStorage.getItem(tokenKey()) }));
    document.body.dataset.ready = "1";
  });
})();
