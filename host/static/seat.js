// The seat page: join with the room code, pick a role and a name, then read the role's inbox,
// acknowledge injects, answer decision points and send the actions the role may take.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const page = { room: (params.get("room") || "").toUpperCase(), roles: [], welcome: null, state: {},
                 inbox: new Map(), feed: [], conn: null, lastResult: null, countdownAt: 0 };
  const tokenKey = () => "stormdrill.seat." + page.room;

  function words() {
    document.title = "stormdrill · " + SD.w("title");
    $("lang-switch").textContent = SD.w("lang");
    $("join-title").textContent = SD.w("join");
    $("l-room").textContent = SD.w("room"); $("l-role").textContent = SD.w("role"); $("l-name").textContent = SD.w("name");
    $("join-button").textContent = SD.w("join");
    $("h-inbox").textContent = SD.w("inbox"); $("h-actions").textContent = SD.w("actions");
    $("h-situation").textContent = SD.w("situation"); $("h-feed").textContent = SD.w("feed");
  }

  function status(kind) {
    page.status = kind;
    const node = $("status");
    node.className = "status " + kind;
    node.textContent = kind === "open" ? SD.w("online") : kind === "closed" ? SD.w("offline") : SD.w("joining");
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
      else if (msg.type === "error") $("join-error").textContent = msg.reason;
      ws.close();
    };
  }

  function connect(join) {
    if (page.conn) page.conn.stop();
    page.conn = new SD.Connection(join, onMessage, status);
    page.conn.open();
  }

  function joinWithToken(token) {
    connect(() => ({ type: "join", room: page.room, token: localStorage.getItem(tokenKey()) || token }));
  }

  $("join-form").addEventListener("submit", (event) => {
    event.preventDefault();
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
    SD.setLang(SD.lang === "zh" ? "en" : "zh"); words(); roleOptions();
    if (page.welcome) renderForms();
    status(page.status || "idle");
    render();
  });

  function onMessage(msg) {
    if (msg.type === "welcome") {
      page.welcome = msg; localStorage.setItem(tokenKey(), msg.token);
      $("join-view").hidden = true; $("seat-view").hidden = false;
      $("exercise-name").textContent = SD.pick(msg.exercise.name);
      page.roles = msg.exercise.roles;
      renderForms();
    } else if (msg.type === "inbox") {
      for (const item of msg.items) page.inbox.set(item.id, item);
    } else if (msg.type === "state") {
      page.state = msg; page.countdownAt = Date.now();
    } else if (msg.type === "delta") {
      Object.assign(page.state, msg.changes);
      if ("countdown_s" in msg.changes) page.countdownAt = Date.now();
    } else if (msg.type === "feed") {
      page.feed = page.feed.concat(msg.lines).slice(-60);
    } else if (msg.type === "result") {
      if (msg.of === "action" || msg.of === "answer") page.lastResult = msg;
    } else if (msg.type === "error") {
      if (!page.welcome) {
        if (msg.code === "token") { localStorage.removeItem(tokenKey()); page.conn.stop(); $("join-view").hidden = false; $("seat-view").hidden = true; }
        if (msg.code !== "rate") { page.conn.stop(); }
        $("join-error").textContent = msg.reason;
      } else { page.lastResult = { ok: false, reason: msg.reason }; }
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
    renderClock(); renderDecision(); renderInbox(); renderSituation(); renderFeed(); renderResult();
  }

  function leave() {
    localStorage.removeItem(tokenKey()); page.conn.stop(); page.welcome = null; page.inbox.clear(); page.feed = [];
    $("seat-view").hidden = true; $("join-view").hidden = false; $("room").value = page.room; roleOptions();
  }

  function renderClock() {
    const s = page.state, box = SD.clear($("clock"));
    box.append(SD.el("span", { text: SD.pick(s.clock) }));
    const mode = s.finished ? SD.w("finished") : s.paused ? SD.w("paused")
      : s.mode === "paced" ? SD.w("paced") + " ×" + s.ratio : SD.w("stepped");
    box.append(SD.el("span", { class: "mode", text: mode }));
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
    box.append(SD.el("h2", { text: SD.w("decision") + " " + d.id }), SD.el("p", { class: "prompt", text: SD.pick(d.prompt) }));
    const left = countdownLeft();
    if (left !== null) box.append(SD.el("p", { class: "countdown", id: "countdown", text: SD.w("countdown") + " " + fmtSeconds(left) }));
    if (!d.may_answer) {
      const names = d.roles.map((id) => { const r = page.roles.find((x) => x.id === id); return r ? SD.pick(r.name) : id; });
      box.append(SD.el("p", { text: SD.w("not_yours") + names.join(SD.lang === "zh" ? "、" : ", ") }));
    }
    const options = SD.el("div", { class: "options" });
    for (const o of d.options) {
      options.append(SD.el("button", { type: "button", "data-option": String(o.i), disabled: !o.allowed,
        title: o.allowed ? "" : SD.w("not_allowed"), onclick: () => answer(d.id, o.i),
        text: SD.pick(o.label) + (o.allowed || !d.may_answer ? "" : " — " + SD.w("not_allowed")) }));
    }
    if (d.may_answer) options.append(SD.el("button", { type: "button", class: "secondary", onclick: () => answer(d.id, null), text: SD.w("close_no_option") }));
    box.append(options);
  }

  function fmtSeconds(s) { const m = Math.floor(s / 60); return m + ":" + String(s % 60).padStart(2, "0"); }

  function answer(decision, option) {
    page.conn.send({ type: "answer", id: SD.newId("answer"), decision: decision, option: option });
  }

  function renderInbox() {
    const list = SD.clear($("inbox"));
    const items = Array.from(page.inbox.values()).sort((a, b) => b.t - a.t);
    if (!items.length) list.append(SD.el("li", { class: "meta", text: SD.w("none") }));
    for (const item of items) {
      const li = SD.el("li", { class: item.ack === null ? "unread" : "", "data-inject": item.id });
      li.append(SD.el("div", { class: "meta", text: item.clock + " · " + item.id + (SD.pick(item.from) ? " · " + SD.w("from") + " " + SD.pick(item.from) : "") }),
                SD.el("div", { class: "msg", text: SD.pick(item.message) }));
      if (item.ack === null) li.append(SD.el("button", { type: "button", class: "small", onclick: () => page.conn.send({ type: "ack", id: SD.newId("ack"), inject: item.id }), text: SD.w("ack") }));
      else li.append(SD.el("span", { class: "done", text: "✓ " + SD.w("acked") }));
      list.append(li);
    }
  }

  function renderForms() {
    const box = SD.clear($("forms"));
    for (const form of page.welcome.forms) {
      const node = SD.el("form", { class: "action", "data-action": form.action });
      const fields = SD.el("div", { class: "fields" });
      for (const field of form.fields) {
        const select = SD.el("select", { name: field.key });
        for (const c of field.choices) select.append(SD.el("option", { value: c.value, text: SD.pick(c.label), selected: c.value === field.default }));
        fields.append(SD.el("label", {}, SD.el("span", { text: SD.pick(field.label) }), select));
      }
      const why = SD.el("input", { name: "rationale", maxlength: "200", placeholder: SD.w("rationale") });
      node.append(SD.el("h3", { text: SD.pick(form.label) }), fields, SD.el("label", {}, why),
                  SD.el("button", { type: "submit", text: SD.w("send") + " · " + SD.pick(form.label) }));
      node.addEventListener("submit", (event) => {
        event.preventDefault();
        const values = {};
        for (const select of node.querySelectorAll("select")) values[select.name] = select.value;
        page.conn.send({ type: "action", id: SD.newId("action"), form: form.action, values: values, rationale: why.value });
        why.value = "";
      });
      box.append(node);
    }
  }

  function renderResult() {
    const r = page.lastResult, node = $("action-result");
    if (!r) { node.textContent = ""; return; }
    const ok = r.ok && r.action_ok !== false;
    node.className = "result " + (ok ? "ok" : "refused");
    node.textContent = (ok ? "✓ " + SD.w("ok") : "✗ " + SD.w("refused") + ": " + r.reason) + (r.repeat ? SD.w("repeat") : "");
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
    if (news && news.length) { const ul = SD.el("ul", { class: "news" }); for (const line of news) ul.append(SD.el("li", { text: line.trim() })); box.append(ul); }
    if (s.zones) box.append(table(SD.w("zones"), [SD.w("at_home")], s.zones.map((z) => [SD.pick(z.name), z.at_home + " / " + z.population])));
    if (s.shelters) box.append(table(SD.w("shelters"), [SD.w("occupancy"), SD.w("cover")], s.shelters.map((x) => [
      SD.pick(x.name) + " · " + SD.w(x.usable ? (x.state === "open" ? "open_shelter" : x.state === "opening" ? "opening" : "closed_shelter") : "unusable"),
      x.occupancy + " / " + x.capacity, x.cover_h === null ? "—" : x.cover_h + " " + SD.w("hours")])));
    if (s.depots) box.append(table(SD.w("depots"), [""], s.depots.map((d) => [SD.pick(d.name), d.stock.map((x) => SD.pick(x.label) + " " + x.units).join(SD.lang === "zh" ? "，" : ", ")])));
  }

  function table(title, heads, rows) {
    const t = SD.el("table");
    const head = SD.el("tr", {}, SD.el("th", { text: title }));
    for (const h of heads) head.append(SD.el("th", { class: "num", text: h }));
    t.append(head);
    for (const row of rows) { const tr = SD.el("tr"); row.forEach((cell, i) => tr.append(SD.el("td", { class: i ? "num" : "", text: String(cell) }))); t.append(tr); }
    return t;
  }

  function renderFeed() {
    const list = SD.clear($("feed"));
    for (const line of page.feed.slice().reverse().slice(0, 20)) list.append(SD.el("li", { text: line.clock + "  " + SD.pick(line.text) }));
  }

  setInterval(() => { const node = $("countdown"); const left = countdownLeft(); if (node && left !== null) node.textContent = SD.w("countdown") + " " + fmtSeconds(left); }, 1000);

  SD.setLang(SD.lang); words(); status("idle");
  $("room").value = page.room; $("name").value = localStorage.getItem("stormdrill.name") || "";
  if (page.room) lobby();
  if (page.room && localStorage.getItem(tokenKey())) joinWithToken();
})();
