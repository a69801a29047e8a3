// Shared by the seat page, the facilitator's console and the projector: the connection to
// the host (reconnecting, resending what got no answer), the words in zh and en, and a
// helper that builds elements with textContent only (nothing is ever inserted as HTML).
"use strict";

const SD = {};

SD.lang = localStorage.getItem("stormdrill.lang") || "zh";

SD.pick = function (text) {
  // A {zh, en} text in the page's language (the other one if that is empty).
  if (text === null || text === undefined) return "";
  if (typeof text === "string") return text;
  return (SD.lang === "zh" ? (text.zh || text.en) : (text.en || text.zh)) || "";
};

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
      this.onStatus("closed");
      if (!this.stopped) { setTimeout(() => this.open(), this.delay); this.delay = Math.min(this.delay * 2, 8000); }
    };
  }
  send(msg) {
    if (msg.id) this.pending.set(msg.id, msg);
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }
  stop() { this.stopped = true; if (this.ws) this.ws.close(); }
};

SD.WORDS = {
  zh: {
    title: "推演席位", join: "加入推演", room: "房间码", role: "岗位", name: "显示名称", lang: "English",
    joining: "正在连接…", online: "已连接", offline: "连接中断，正在重连…", inbox: "收件箱", none: "暂无",
    ack: "确认收到", acked: "已确认", situation: "态势", actions: "处置行动", send: "提交", rationale: "理由（可选）",
    decision: "决策点", close_no_option: "不选方案，结束讨论", not_yours: "此决策由以下岗位作答：",
    not_allowed: "本岗位无此权限", countdown: "剩余时间", paused: "已暂停", finished: "推演已结束",
    secured: "已保障", home: "在家", moving: "转移中", queued: "排队", sheltered: "已安置", relatives: "投亲靠友",
    overflow: "无处安置", left_in_danger: "滞留危险区", signals: "预警信号", response: "响应级别", zones: "区域",
    shelters: "避灾点", depots: "储备库", at_home: "在家", occupancy: "在点", cover: "物资可支撑", news: "最新情况",
    ok: "已执行", refused: "未执行", stepped: "逐步推进：导调员推进时间", paced: "实时推进",
    from: "来自", you_are: "你是", leave: "换岗位", roads_closed: "封闭道路", feed: "动态", hours: "小时",
    need_name: "请填写显示名称", need_role: "请选择岗位", closed_shelter: "未开放", open_shelter: "已开放",
    opening: "开放中", unusable: "不可用", repeat: "（重复提交，已按第一次处理）",
  },
  en: {
    title: "Exercise seat", join: "Join the exercise", room: "Room code", role: "Role", name: "Display name", lang: "中文",
    joining: "Connecting…", online: "Connected", offline: "Connection lost, reconnecting…", inbox: "Inbox", none: "Nothing yet",
    ack: "Mark received", acked: "Received", situation: "Situation", actions: "Actions", send: "Send", rationale: "Reason (optional)",
    decision: "Decision point", close_no_option: "Close without an option", not_yours: "This decision is answered by: ",
    not_allowed: "not this role's right", countdown: "Time left", paused: "Paused", finished: "The exercise has ended",
    secured: "Secured", home: "At home", moving: "Moving", queued: "Queuing", sheltered: "Sheltered", relatives: "With relatives",
    overflow: "No place", left_in_danger: "Left in danger", signals: "Signals", response: "Response level", zones: "Zones",
    shelters: "Shelters", depots: "Depots", at_home: "at home", occupancy: "inside", cover: "supplies last", news: "Latest",
    ok: "done", refused: "refused", stepped: "Stepped: the facilitator moves the clock", paced: "Paced",
    from: "from", you_are: "You are", leave: "Change role", roads_closed: "Roads closed", feed: "Feed", hours: "h",
    need_name: "Give a display name", need_role: "Pick a role", closed_shelter: "closed", open_shelter: "open",
    opening: "opening", unusable: "unusable", repeat: " (sent again: the first one counts)",
  },
};

SD.w = function (key) { return (SD.WORDS[SD.lang] || SD.WORDS.zh)[key] || key; };

SD.setLang = function (lang) {
  SD.lang = lang; localStorage.setItem("stormdrill.lang", lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
};
