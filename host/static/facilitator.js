// The facilitator's console: the clock, pause / resume, release / skip injects, add one,
// the MSEL with each item's state and controller notes, the seats, the join QR code.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const F = {
    zh: { room: "房间码", secret: "导调口令", name: "导调员姓名", login: "进入导调台", join: "加入方式", seats: "席位",
          msel: "情景事件清单（MSEL）", add: "临时注入", feed: "动态", next: "推进到下一事件", plus15: "+15分钟", plus60: "+1小时",
          pause: "暂停", resume: "继续", finish: "结束推演", release: "立即下发", skip: "取消", notes: "导调备注",
          message_zh: "内容（中文）", message_en: "内容（英文）", to: "发给", all: "全部岗位", send: "下发",
          online: "在线", offline: "离线", ok: "已执行", refused: "未执行", decision: "决策点" },
    en: { room: "Room code", secret: "Facilitator secret", name: "Your name", login: "Open the console", join: "How to join", seats: "Seats",
          msel: "Master scenario events list (MSEL)", add: "Add an inject", feed: "Feed", next: "Advance to the next event", plus15: "+15 min", plus60: "+1 h",
          pause: "Pause", resume: "Resume", finish: "End the exercise", release: "Release now", skip: "Skip", notes: "Controller notes",
          message_zh: "Message (Chinese)", message_en: "Message (English)", to: "To", all: "every role", send: "Send",
          online: "online", offline: "offline", ok: "done", refused: "refused", decision: "Decision point" },
  };
  const f = (key) => F[SD.lang][key] || key;
  const hash = new URLSearchParams(location.hash.slice(1));
  const page = { welcome: null, state: {}, feed: [], conn: null, result: null };

  function words() {
    $("lang-switch").textContent = SD.w("lang");
    $("l-room").textContent = f("room"); $("l-secret").textContent = f("secret"); $("l-name").textContent = f("name");
    $("login-button").textContent = f("login");
    for (const key of ["join", "seats", "msel", "add", "feed"]) $("h-" + key).textContent = f(key);
  }

  $("login-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const room = $("room").value.trim().toUpperCase(), secret = $("secret").value, name = $("name").value.trim() || "facilitator";
    if (page.conn) page.conn.stop();
    page.conn = new SD.Connection(() => ({ type: "join", room: room, facilitator: secret, name: name }), onMessage, status);
    page.conn.open();
  });
  $("lang-switch").addEventListener("click", () => { SD.setLang(SD.lang === "zh" ? "en" : "zh"); words(); render(); });

  function status(kind) { const n = $("status"); n.className = "status " + kind; n.textContent = kind === "open" ? SD.w("online") : SD.w("offline"); }

  function send(type, extra) { page.conn.send(Object.assign({ type: type, id: SD.newId(type) }, extra || {})); }

  function onMessage(msg) {
    if (msg.type === "welcome") { page.welcome = msg; $("login-view").hidden = true; $("console-view").hidden = false; $("exercise-name").textContent = SD.pick(msg.exercise.name); buildAddForm(); }
    else if (msg.type === "state") page.state = msg;
    else if (msg.type === "delta") Object.assign(page.state, msg.changes);
    else if (msg.type === "feed") page.feed = page.feed.concat(msg.lines).slice(-100);
    else if (msg.type === "result") page.result = msg;
    else if (msg.type === "error") { if (!page.welcome) { page.conn.stop(); $("login-error").textContent = msg.reason; } else page.result = { ok: false, reason: msg.reason }; }
    render();
  }

  function render() {
    if (!page.welcome) return;
    const s = page.state;
    SD.clear($("clock")).append(SD.el("span", { text: SD.pick(s.clock) }),
      SD.el("span", { class: "mode", text: s.finished ? SD.w("finished") : s.paused ? SD.w("paused") : s.mode === "paced" ? SD.w("paced") + " ×" + s.ratio : SD.w("stepped") }));
    const c = SD.clear($("controls"));
    if (s.mode !== "paced") {
      c.append(SD.el("button", { type: "button", id: "advance-next", onclick: () => send("advance"), text: f("next") }), " ",
               SD.el("button", { type: "button", onclick: () => send("advance", { by: 0.25 }), text: f("plus15") }), " ",
               SD.el("button", { type: "button", onclick: () => send("advance", { by: 1 }), text: f("plus60") }), " ");
    }
    c.append(SD.el("button", { type: "button", class: "secondary", onclick: () => send("act", { act: { act: s.paused ? "resume" : "pause" } }), text: s.paused ? f("resume") : f("pause") }), " ",
             SD.el("button", { type: "button", class: "secondary", onclick: () => send("finish"), text: f("finish") }));
    const r = page.result, out = $("act-result");
    out.className = "result card " + (r ? (r.ok ? "ok" : "refused") : "");
    out.hidden = !r;
    out.textContent = r ? (r.ok ? "✓ " + f("ok") : "✗ " + f("refused") + ": " + r.reason) : "";
    const d = s.decision, box = $("decision");
    box.hidden = !d;
    if (d) SD.clear(box).append(SD.el("h2", { text: f("decision") + " " + d.id }), SD.el("p", { text: SD.pick(d.prompt) }),
      SD.el("ul", {}, ...d.options.map((o) => SD.el("li", { text: SD.pick(o.label) }))));
    const join = SD.clear($("join"));
    if (page.welcome.qr) join.append(SD.el("img", { src: page.welcome.qr, alt: "QR", width: "220", height: "220" }));
    join.append(SD.el("p", { text: f("room") + ": " + page.welcome.room }), SD.el("p", { text: page.welcome.join_url || "" }));
    SD.clear($("seats")).append(...(s.seats || []).map((x) => SD.el("li", { text: x.name + " · " + x.role + " · " + (x.online ? f("online") : f("offline")) })));
    const msel = SD.clear($("msel"));
    for (const item of s.msel || []) {
      const li = SD.el("li", { "data-item": item.id });
      li.append(SD.el("div", { class: "meta", text: item.id + " · " + item.kind + " · " + item.state + " · " + item.when + " → " + item.to.join(", ") }),
                SD.el("div", { class: "msg", text: SD.pick(item.text) }));
      if (item.notes) li.append(SD.el("div", { class: "meta", text: f("notes") + ": " + item.notes }));
      if (item.kind === "inject" && item.state === "coming") {
        li.append(SD.el("button", { type: "button", class: "small", onclick: () => send("act", { act: { act: "release", inject: item.id } }), text: f("release") }), " ",
                  SD.el("button", { type: "button", class: "small secondary", onclick: () => send("act", { act: { act: "skip", inject: item.id } }), text: f("skip") }));
      }
      msel.append(li);
    }
    SD.clear($("feed")).append(...page.feed.slice().reverse().slice(0, 40).map((l) => SD.el("li", { text: l.clock + "  " + SD.pick(l.text) })));
  }

  function buildAddForm() {
    const form = SD.clear($("add-form"));
    const zh = SD.el("textarea", { rows: "2", maxlength: "500" }), en = SD.el("textarea", { rows: "2", maxlength: "500" });
    const roles = SD.el("select", { multiple: true, size: String(Math.min(6, page.welcome.exercise.roles.length + 1)) });
    roles.append(SD.el("option", { value: "all", text: f("all"), selected: true }));
    for (const r of page.welcome.exercise.roles) roles.append(SD.el("option", { value: r.id, text: SD.pick(r.name) }));
    form.append(SD.el("label", {}, SD.el("span", { text: f("message_zh") }), zh), SD.el("label", {}, SD.el("span", { text: f("message_en") }), en),
                SD.el("label", {}, SD.el("span", { text: f("to") }), roles), SD.el("button", { type: "submit", text: f("send") }));
    form.onsubmit = (event) => {
      event.preventDefault();
      const chosen = Array.from(roles.selectedOptions).map((o) => o.value);
      send("act", { act: { act: "add_inject", message: { zh: zh.value, en: en.value }, to: chosen.includes("all") || !chosen.length ? "all" : chosen } });
      zh.value = ""; en.value = "";
    };
  }

  SD.setLang(SD.lang); words(); status("idle");
  $("room").value = hash.get("room") || ""; $("secret").value = hash.get("key") || "";
  if (hash.get("room") && hash.get("key")) $("login-button").click();
})();
