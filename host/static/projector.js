// The projector: read-only, joins with the room code; shows the clock and the countdown to
// the 10-hour relief deadline, the map (zones shaded by flood depth, roads with the closed
// ones in red, shelters with occupancy and stock, depots, moving people and trucks), the open
// decision point, the quick poll's results, the shelters' stocks, who did what, the QR code
// for late joiners, and the score page when the exercise ends.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const NS = "http://www.w3.org/2000/svg";
  const page = { state: {}, feed: new SD.Feed(100), welcome: null, conn: null };
  const room = () => ($("room").value || "").trim().toUpperCase();
  function words() { document.title = "stormdrill · " + SD.w("projector"); $("lang-switch").textContent = SD.switchLabel(); $("l-room").textContent = SD.w("room"); $("h-feed").textContent = SD.w("feed"); }
  function status(kind) { page.statusKind = kind; const n = $("status"); n.className = "status " + kind; n.textContent = SD.statusText(kind); }
  function start() { if (page.conn) page.conn.stop(); page.conn = new SD.Connection(() => ({ type: "join", room: room(), projector: true }), onMessage, status); page.conn.open(); }
  function onMessage(msg) {
    if (msg.type === "welcome") { page.welcome = msg; $("room-view").hidden = true; $("picture").hidden = false; }
    else if (msg.type === "state") page.state = msg;
    else if (msg.type === "delta") Object.assign(page.state, msg.changes);
    else if (msg.type === "feed") page.feed.add(msg.lines);
    else if (msg.type === "error" && !page.welcome) { page.conn.stop(); $("room-error").textContent = SD.reason(msg); }
    render();
  }

  function reliefText(s) {
    const left = s.deadline - s.t;
    if (s.t < s.onset) return SD.w("relief_before", { time: SD.hm(s.onset - s.t), deadline: SD.hm(s.deadline) });
    return left >= 0 ? SD.w("relief_left", { time: SD.hm(left) }) : SD.w("relief_past", { time: SD.hm(-left) });
  }

  function render() {
    if (!page.welcome) return;
    const s = page.state;
    $("exercise-name").textContent = SD.pick(page.welcome.exercise.name);
    $("clock").textContent = SD.pick(s.clock);
    $("relief").textContent = SD.w("relief_clock") + ": " + reliefText(s);
    $("relief").className = "relief" + (s.t >= s.onset && s.deadline - s.t < 2 ? " urgent" : "");
    $("mode").textContent = s.finished ? SD.w("finished") : s.paused ? SD.w("paused") : "";
    const score = $("score");
    score.hidden = !s.score;
    if (s.score) SD.scorePage(score, s.score);
    const d = s.decision, box = SD.clear($("decision"));
    if (d) box.append(SD.el("div", { class: "decision-banner" }, SD.el("h2", { text: SD.w("decision") + " " + d.id }), SD.el("p", { text: SD.pick(d.prompt) }),
      SD.el("ul", {}, ...d.options.map((o) => SD.el("li", { text: SD.pick(o.label) })))));
    drawMap(); renderCounts(); renderPoll(); renderShelters();
    const join = SD.clear($("join"));
    if (page.welcome.qr) join.append(SD.el("img", { src: page.welcome.qr, alt: "QR" }));
    join.append(SD.el("p", { text: SD.w("room") + " " + page.welcome.room }));
    SD.clear($("feed")).append(...page.feed.latest(12).map((l) => SD.el("li", { text: l.clock + "  " + SD.pick(l.text) })));
  }

  function renderCounts() {
    const sit = page.state.situation, out = SD.clear($("counts"));
    if (!sit) return;
    out.append(SD.el("p", {}, ...sit.signals.map((x) => SD.el("span", { class: "badge warn", text: SD.pick(x) })),
      SD.el("span", { class: "badge good", text: SD.w("secured") + " " + sit.secured }),
      ...["home", "moving", "queued", "sheltered", "relatives", "overflow"].filter((k) => sit.counts[k]).map((k) => SD.el("span", { class: "badge" + (k === "overflow" ? " bad" : ""), text: SD.w(k) + " " + sit.counts[k] })),
      sit.left_in_danger ? SD.el("span", { class: "badge bad", text: SD.w("left_in_danger") + " " + sit.left_in_danger }) : null));
    const news = page.state.news && page.state.news[SD.lang];
    if (news && news.length > 1) out.append(SD.el("ul", { class: "news" }, ...news.slice(1).map((l) => SD.el("li", { text: l.trim() }))));
  }

  function renderPoll() {
    const p = page.state.poll, box = SD.clear($("poll"));
    if (!p) return;
    const total = Math.max(1, p.options.reduce((n, o) => n + (o.votes || 0), 0));
    box.append(SD.el("h2", { text: SD.w("poll") + " · " + (p.open ? "" : SD.w("results") + " · ") + p.voters + " " + SD.w("votes") }),
               SD.el("p", { class: "prompt", text: p.question }));
    for (const o of p.options) {
      const bar = SD.el("div", { class: "bar" }, SD.el("div", { class: "fill" }));
      bar.firstChild.style.width = Math.round(100 * (o.votes || 0) / total) + "%";
      box.append(SD.el("div", { class: "poll-option", "data-option": String(o.i) }, SD.el("span", { text: o.text + " · " + (o.votes || 0) }), bar));
    }
  }

  function renderShelters() {
    const m = page.state.map, box = SD.clear($("shelters"));
    if (!m) return;
    const items = [];
    for (const s of Object.values(m.shelters)) for (const k of Object.keys(s.stock)) if (!items.includes(k)) items.push(k);
    const open = page.welcome.map.shelters.filter((g) => m.shelters[g.id] && m.shelters[g.id].state !== "closed");
    if (!open.length) return;
    box.append(SD.el("h2", { text: SD.w("shelters") }), SD.table([SD.w("shelters"), SD.w("occupancy"), ...items],
      open.map((g) => { const x = m.shelters[g.id]; return [g.id, x.occupancy + " / " + x.capacity, ...items.map((k) => (x.stock[k] || 0).toLocaleString())]; }), "stock"));
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function drawMap() {
    const g = page.welcome.map, m = page.state.map, box = SD.clear($("map"));
    if (!g || !m) return;
    const [x0, y0, x1, y1] = g.bounds, pad = 0.08 * Math.max(x1 - x0, y1 - y0, 0.5);
    const X = (x) => ((x - x0 + pad) * 100).toFixed(1), Y = (y) => ((y1 - y + pad) * 100).toFixed(1);
    const w = (x1 - x0 + 2 * pad) * 100, h = (y1 - y0 + 2 * pad) * 100, unit = Math.max(w, h) / 60;
    const root = svg("svg", { viewBox: "0 0 " + w.toFixed(0) + " " + h.toFixed(0), id: "map-svg", role: "img", "aria-label": SD.w("map") });
    for (const z of g.zones) {
      const st = m.zones[z.id] || {}, depth = st.depth_m || 0;
      const shade = Math.min(1, depth / 1.0);
      const c = svg("circle", { cx: X(z.x), cy: Y(z.y), r: (unit * (1.2 + Math.sqrt(z.population) / 40)).toFixed(1), class: "zone" + (depth >= 0.15 ? " wet" : ""),
                                fill: "rgba(30, 100, 220, " + (0.12 + 0.6 * shade).toFixed(2) + ")", "data-zone": z.id });
      c.append(svg("title", {}, SD.pick(z.name) + " · " + SD.w("depth") + " " + depth + " m · " + SD.w("at_home") + " " + (st.at_home || 0)));
      root.append(c, svg("text", { x: X(z.x), y: Y(z.y), class: "zlabel", "font-size": (unit * 1.3).toFixed(1), "text-anchor": "middle" }, SD.pick(z.name)));
    }
    const closed = new Set(m.closed);
    for (const r of g.roads) {
      const line = svg("polyline", { points: r.points.map((p) => X(p[0]) + "," + Y(p[1])).join(" "), class: "road" + (closed.has(r.id) ? " closed" : ""),
                                     "stroke-width": (unit * (closed.has(r.id) ? 0.35 : 0.22)).toFixed(1), "data-road": r.id });
      line.append(svg("title", {}, r.id + " " + SD.pick(r.name) + (closed.has(r.id) ? " · " + SD.w("closed_road") : "")));
      root.append(line);
    }
    for (const mv of m.movers) root.append(svg("circle", { cx: X(mv[0]), cy: Y(mv[1]), r: (unit * (mv[3] === "truck" ? 0.35 : 0.25)).toFixed(1), class: "mover " + mv[3] }));
    for (const d of g.depots) {
      const s = unit * 0.8;
      root.append(svg("polygon", { points: [[X(d.x), Y(d.y) - s], [X(d.x) - s, +Y(d.y) + s], [+X(d.x) + s, +Y(d.y) + s]].map((p) => p.join(",")).join(" "), class: "depot" }));
    }
    for (const sh of g.shelters) drawShelter(root, sh, m.shelters[sh.id] || {}, X, Y, unit);
    box.append(root);
  }

  function drawShelter(root, sh, st, X, Y, unit) {
    const size = unit * 1.4, x = +X(sh.x) - size / 2, y = +Y(sh.y) - size / 2;
    const cls = "shelter " + (!st.usable ? "unusable" : st.state || "closed");
    const group = svg("g", { "data-shelter": sh.id });
    group.append(svg("rect", { x: x.toFixed(1), y: y.toFixed(1), width: size.toFixed(1), height: size.toFixed(1), class: cls }));
    const share = st.capacity ? Math.min(1, st.occupancy / st.capacity) : 0;
    group.append(svg("rect", { x: x.toFixed(1), y: (y + size * (1 - share)).toFixed(1), width: size.toFixed(1), height: (size * share).toFixed(1), class: "fill" }));
    const stock = Object.entries(st.stock || {}).map(([k, v]) => k + " " + v).join(", ");
    group.append(svg("title", {}, sh.id + " " + SD.pick(sh.name) + " · " + st.occupancy + " / " + st.capacity + " · " + stock));
    if (st.state && st.state !== "closed") group.append(svg("text", { x: (x + size * 1.15).toFixed(1), y: (y + size * 0.8).toFixed(1), "font-size": (unit * 1.0).toFixed(1), class: "slabel" }, sh.id + " " + st.occupancy + "/" + st.capacity));
    root.append(group);
  }

  $("room-form").addEventListener("submit", (e) => { e.preventDefault(); start(); });
  $("lang-switch").addEventListener("click", () => { SD.setLang(SD.other()); words(); status(page.statusKind || "idle"); render(); });
  SD.loadWords().then(() => {
    SD.setLang(SD.lang, false); words(); status("idle");
    $("room").value = new URLSearchParams(location.search).get("room") || "";
    if (room()) start();
    document.body.dataset.ready = "1";
  });
})();
