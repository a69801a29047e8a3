// The projector: read-only, joins with the room code; shows the clock, the shared
// situation, the open decision point, who did what, and the QR code seats join with.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const page = { state: {}, feed: [], welcome: null, conn: null };
  const room = () => ($("room").value || "").trim().toUpperCase();
  function words() { $("lang-switch").textContent = SD.w("lang"); $("l-room").textContent = SD.w("room"); $("room-button").textContent = "OK"; $("h-feed").textContent = SD.w("feed"); }
  function status(kind) { const n = $("status"); n.className = "status " + kind; n.textContent = kind === "open" ? SD.w("online") : SD.w("offline"); }
  function start() { if (page.conn) page.conn.stop(); page.conn = new SD.Connection(() => ({ type: "join", room: room(), projector: true }), onMessage, status); page.conn.open(); }
  function onMessage(msg) {
    if (msg.type === "welcome") { page.welcome = msg; $("room-view").hidden = true; $("picture").hidden = false; $("exercise-name").textContent = SD.pick(msg.exercise.name); }
    else if (msg.type === "state") page.state = msg;
    else if (msg.type === "delta") Object.assign(page.state, msg.changes);
    else if (msg.type === "feed") page.feed = page.feed.concat(msg.lines).slice(-100);
    else if (msg.type === "error" && !page.welcome) { page.conn.stop(); $("room-error").textContent = msg.reason; }
    render();
  }
  function render() {
    if (!page.welcome) return;
    const s = page.state;
    SD.clear($("clock")).append(SD.el("span", { text: SD.pick(s.clock) }), SD.el("span", { class: "mode", text: s.paused ? SD.w("paused") : s.finished ? SD.w("finished") : "" }));
    const d = s.decision, box = SD.clear($("decision"));
    if (d) box.append(SD.el("h2", { text: SD.w("decision") + " " + d.id }), SD.el("p", { text: SD.pick(d.prompt) }));
    const sit = s.situation, out = SD.clear($("situation"));
    if (sit) {
      out.append(SD.el("p", {}, ...sit.signals.map((x) => SD.el("span", { class: "badge warn", text: SD.pick(x) })),
        SD.el("span", { class: "badge good", text: SD.w("secured") + " " + sit.secured }),
        ...["home", "moving", "queued", "sheltered", "relatives", "overflow"].filter((k) => sit.counts[k]).map((k) => SD.el("span", { class: "badge", text: SD.w(k) + " " + sit.counts[k] }))));
      if (sit.shelters) out.append(SD.el("table", {}, ...sit.shelters.map((x) => SD.el("tr", {}, SD.el("td", { text: SD.pick(x.name) }), SD.el("td", { class: "num", text: x.occupancy + " / " + x.capacity }), SD.el("td", { class: "num", text: x.cover_h === null ? "—" : x.cover_h + " " + SD.w("hours") })))));
      const news = s.news && s.news[SD.lang];
      if (news && news.length) out.append(SD.el("ul", { class: "news" }, ...news.map((l) => SD.el("li", { text: l.trim() }))));
    }
    const join = SD.clear($("join"));
    if (page.welcome.qr) join.append(SD.el("img", { src: page.welcome.qr, alt: "QR" }));
    join.append(SD.el("p", { text: SD.w("room") + " " + page.welcome.room }));
    SD.clear($("feed")).append(...page.feed.slice().reverse().slice(0, 14).map((l) => SD.el("li", { text: l.clock + "  " + SD.pick(l.text) })));
  }
  $("room-form").addEventListener("submit", (e) => { e.preventDefault(); start(); });
  $("lang-switch").addEventListener("click", () => { SD.setLang(SD.lang === "zh" ? "en" : "zh"); words(); render(); });
  SD.setLang(SD.lang); words(); status("idle");
  $("room").value = new URLSearchParams(location.search).get("room") || "";
  if (room()) start();
})();
