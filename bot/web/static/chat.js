/* Josoor web chat: one browser tab is one member. The server issues who we are: a session
 * cookie (HttpOnly, not visible here) and a tab id per tab, kept in sessionStorage. No inline
 * code (strict CSP); bot text is only ever placed with textContent, never parsed as HTML. */
(() => {
  "use strict";

  const MESSAGES_URL = "/api/webchat/messages";
  const SESSION_URL = "/api/webchat/session";
  const UI_URL = "/api/webchat/ui";
  const SESSION_KEY = "josoor.webchat.session";
  const HISTORY_KEY = "josoor.webchat.history";
  const RESET_KEY = "josoor.webchat.reset";
  const HISTORY_MAX = 200;
  const START_RETRY_MAX_MS = 30000;

  const $ = (id) => document.getElementById(id);
  const POLL_MS = 5000;
  const root = document.documentElement;
  const ui = {
    title: $("title"),
    notice: $("notice"),
    log: $("log"),
    status: $("status"),
    form: $("composer"),
    label: $("input-label"),
    input: $("input"),
    send: $("send"),
    location: $("location"),
    locationLabel: $("location-label"),
  };

  const state = {
    session: "",
    lang: "",
    uiRequest: 0,
    texts: {
      title: ui.title.textContent,
      placeholder: ui.input.placeholder,
      send: ui.send.textContent,
      location: ui.locationLabel.textContent,
      offline: "No connection. Your message was not sent; please try again.",
      notice: ui.notice.textContent,
    },
    busy: false,
    pending: null, // {key, id}: the last message that failed, so a retry reuses its id
    history: [],
    startRetryMs: 2000,
    startTimer: 0,
  };

  /* ---------- storage (sessionStorage is per tab; fall back to memory if blocked) ---------- */

  const memoryStore = new Map();
  function storeGet(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (_) {
      return memoryStore.has(key) ? memoryStore.get(key) : null;
    }
  }
  function storeSet(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
      return true;
    } catch (_) {
      memoryStore.set(key, value);
      return false;
    }
  }

  function randomId(bytes) {
    const buffer = new Uint8Array(bytes);
    window.crypto.getRandomValues(buffer);
    return Array.from(buffer, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function postJson(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      cache: "no-store",
      body: JSON.stringify(body),
    });
  }

  /* The tab id the server issued to this tab (with the browser's cookie); a new one if none. */
  async function loadSession() {
    const existing = storeGet(SESSION_KEY);
    if (existing && /^[A-Za-z0-9_-]{8,32}\.[A-Za-z0-9_-]{32}$/.test(existing)) {
      return { session: existing, fresh: false };
    }
    for (let wait = 1000; ; wait = Math.min(wait * 2, START_RETRY_MAX_MS)) {
      try {
        const response = await postJson(SESSION_URL, {});
        if (response.ok) {
          const body = await response.json();
          if (typeof body.tab === "string") {
            storeSet(SESSION_KEY, body.tab);
            storeSet(HISTORY_KEY, "[]");
            return { session: body.tab, fresh: true };
          }
        }
      } catch (_) {
        /* offline: try again */
      }
      setOffline(true);
      await new Promise((resolve) => window.setTimeout(resolve, wait));
    }
  }

  /* The server no longer knows this tab (cookie gone, server key changed): start afresh. */
  function forgetSession() {
    // Once per half minute at most: with cookies blocked, every tab id would be refused.
    const last = Number(storeGet(RESET_KEY) || 0);
    if (Date.now() - last < 30000) {
      setOffline(true);
      return;
    }
    storeSet(RESET_KEY, String(Date.now()));
    storeSet(SESSION_KEY, "");
    storeSet(HISTORY_KEY, "[]");
    window.location.reload();
  }

  function loadHistory() {
    try {
      const parsed = JSON.parse(storeGet(HISTORY_KEY) || "[]");
      return Array.isArray(parsed) ? parsed : [];
    } catch (_) {
      return [];
    }
  }

  function remember(entry) {
    state.history.push(entry);
    if (state.history.length > HISTORY_MAX) {
      state.history.splice(0, state.history.length - HISTORY_MAX);
    }
    if (!storeSet(HISTORY_KEY, JSON.stringify(state.history))) {
      // Probably full (large attachments): keep the text, drop the files, try once more.
      const slim = state.history.map((e) =>
        e.message && e.message.attachment
          ? { ...e, message: { ...e.message, attachment: undefined } }
          : e,
      );
      storeSet(HISTORY_KEY, JSON.stringify(slim.slice(-HISTORY_MAX / 2)));
    }
  }

  /* ---------- page language and chrome ---------- */

  function applyTexts(texts) {
    Object.assign(state.texts, texts);
    const t = state.texts;
    document.title = t.title;
    ui.title.textContent = t.title;
    ui.notice.textContent = t.notice;
    ui.input.placeholder = t.placeholder;
    ui.label.textContent = t.placeholder;
    ui.send.textContent = t.send;
    ui.locationLabel.textContent = t.location;
    ui.location.title = t.location;
    if (ui.status.classList.contains("offline")) ui.status.textContent = t.offline;
  }

  function setPageLanguage(lang, dir) {
    if (dir === "rtl" || dir === "ltr") root.dir = dir;
    if (!lang || lang === state.lang) return;
    state.lang = lang;
    root.lang = lang;
    fetchTexts(lang);
  }

  async function fetchTexts(locale) {
    const request = ++state.uiRequest;
    try {
      const response = await fetch(`${UI_URL}?locale=${encodeURIComponent(locale)}`, {
        cache: "no-store",
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const body = await response.json();
      if (request !== state.uiRequest) return; // a newer language won the race
      if (!state.lang) {
        // Nothing from the bot yet: the chrome decides the page language for now.
        root.lang = body.lang;
        if (body.dir === "rtl" || body.dir === "ltr") root.dir = body.dir;
      }
      if (body && body.texts) applyTexts(body.texts);
    } catch (_) {
      /* keep the current texts; the chat itself reports connection problems */
    }
  }

  /* ---------- status line ---------- */

  function setOffline(on) {
    ui.status.classList.toggle("offline", on);
    ui.status.textContent = on ? state.texts.offline : "";
  }

  /* ---------- rendering ---------- */

  function safeDir(dir) {
    return dir === "rtl" || dir === "ltr" ? dir : "auto";
  }

  function safeMime(mime) {
    return typeof mime === "string" && /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+$/.test(mime)
      ? mime
      : "application/octet-stream";
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  const DOWNLOAD_ICON = "M11 3h2v9.17l3.59-3.58L18 10l-6 6-6-6 1.41-1.41L11 12.17zM5 19h14v2H5z";

  function svgIcon(path) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.classList.add("icon");
    const shape = document.createElementNS(SVG_NS, "path");
    shape.setAttribute("fill", "currentColor");
    shape.setAttribute("d", path);
    svg.append(shape);
    return svg;
  }

  function addMine(text, pending) {
    const row = document.createElement("div");
    row.className = "msg me";
    const bubble = document.createElement("div");
    bubble.className = "bubble me";
    bubble.dir = "auto";
    bubble.textContent = text;
    row.append(bubble);
    if (pending) row.classList.add("pending");
    ui.log.append(row);
    return row;
  }

  function addBot(message) {
    const dir = safeDir(message.dir);
    const lang = typeof message.lang === "string" ? message.lang : "";
    const row = document.createElement("div");
    row.className = "msg bot";
    row.dir = dir;
    if (lang) row.lang = lang;

    const bubble = document.createElement("div");
    bubble.className = "bubble bot";
    bubble.dir = dir;
    if (lang) bubble.lang = lang;
    bubble.textContent = typeof message.text === "string" ? message.text : "";
    row.append(bubble);

    const file = message.attachment;
    if (file && typeof file.data === "string") {
      const link = document.createElement("a");
      link.className = "attachment";
      link.href = `data:${safeMime(file.mime)};base64,${file.data}`;
      link.download = typeof file.filename === "string" ? file.filename : "download";
      if (safeMime(file.mime) === "image/png") {
        /* A QR code (an invite): shown, and still a download for posters. */
        const image = document.createElement("img");
        image.className = "attachment-image";
        image.src = link.href;
        image.alt = "";
        row.append(image);
      }
      const icon = svgIcon(DOWNLOAD_ICON);
      const name = document.createElement("span");
      name.dir = "auto";
      name.textContent = link.download;
      link.append(icon, name);
      row.append(link);
    }

    const options = Array.isArray(message.options) ? message.options : [];
    if (options.length) {
      const group = document.createElement("div");
      group.className = message.compact ? "options compact" : "options stacked";
      group.setAttribute("role", "group");
      for (const option of options) {
        if (!option || typeof option.id !== "string") continue;
        const button = document.createElement("button");
        button.type = "button";
        button.className = "option";
        button.dataset.optionId = option.id;
        button.textContent = typeof option.label === "string" ? option.label : option.id;
        group.append(button);
      }
      row.append(group);
    }
    ui.log.append(row);
    return row;
  }

  function disableOldOptions() {
    for (const button of ui.log.querySelectorAll("button.option:not([disabled])")) {
      button.disabled = true;
    }
  }

  function latestOptionButton() {
    const groups = ui.log.querySelectorAll(".msg.bot .options");
    if (!groups.length) return null;
    const last = groups[groups.length - 1];
    // Only if the options belong to the newest bot message block (nothing newer from us).
    const lastRow = last.closest(".msg");
    if (lastRow !== ui.log.lastElementChild) return null;
    return last.querySelector("button.option:not([disabled])");
  }

  function scrollToNew(firstNew) {
    const log = ui.log;
    const newHeight = firstNew ? log.scrollHeight - firstNew.offsetTop : 0;
    if (firstNew && newHeight > log.clientHeight) {
      log.scrollTop = firstNew.offsetTop - log.offsetTop - 8;
    } else {
      log.scrollTop = log.scrollHeight;
    }
  }

  function focusAfterReply() {
    const first = latestOptionButton();
    if (first) first.focus({ preventScroll: true });
    else ui.input.focus({ preventScroll: true });
  }

  function renderReplies(messages) {
    if (!messages.length) return;
    disableOldOptions();
    let firstNew = null;
    for (const message of messages) {
      const row = addBot(message);
      firstNew = firstNew || row;
      remember({ from: "bot", message });
    }
    const last = messages[messages.length - 1];
    setPageLanguage(last.lang, last.dir);
    scrollToNew(firstNew);
  }

  function restoreHistory(history) {
    let lastBot = null;
    for (const entry of history) {
      if (entry && entry.from === "me" && typeof entry.text === "string") {
        addMine(entry.text, false);
      } else if (entry && entry.from === "bot" && entry.message) {
        disableOldOptions();
        addBot(entry.message);
        lastBot = entry.message;
      }
    }
    state.history = history.slice();
    if (lastBot) setPageLanguage(lastBot.lang, lastBot.dir);
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  /* ---------- sending ---------- */

  async function send(content, echo) {
    if (state.busy) return false;
    const key = JSON.stringify(content);
    const id = state.pending && state.pending.key === key ? state.pending.id : randomId(12);
    state.pending = { key, id };
    state.busy = true;
    ui.form.setAttribute("aria-busy", "true");
    const mine = echo ? addMine(echo, true) : null;
    if (mine) ui.log.scrollTop = ui.log.scrollHeight;
    try {
      const response = await postJson(MESSAGES_URL, {
        tab: state.session,
        id,
        locale: navigator.language,
        ...content,
      });
      if (response.status === 403) {
        forgetSession();
        return false;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = await response.json();
      state.pending = null;
      setOffline(false);
      if (mine) {
        mine.classList.remove("pending");
        remember({ from: "me", text: echo });
      }
      renderReplies(Array.isArray(body.messages) ? body.messages : []);
      return true;
    } catch (_) {
      if (mine) mine.remove(); // the text stays in the input / the button stays pressable
      setOffline(true);
      return false;
    } finally {
      state.busy = false;
      ui.form.removeAttribute("aria-busy");
    }
  }

  /* An invite link to the web chat (`/?start=<token>`): its token is sent with the first
     /start (or at once, if this tab has talked before), and leaves the address bar so a
     reload does not send it again. */
  function takeStartPayload() {
    const params = new URLSearchParams(window.location.search);
    const payload = params.get("start");
    if (payload === null) return "";
    params.delete("start");
    const rest = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (rest ? `?${rest}` : ""));
    return /^[A-Za-z0-9_-]{1,64}$/.test(payload) ? payload : "";
  }
  const startPayload = takeStartPayload();

  async function start() {
    window.clearTimeout(state.startTimer);
    if (await send({ text: startPayload ? `/start ${startPayload}` : "/start" }, null)) {
      focusAfterReply();
      return;
    }
    if (state.history.length) return; // the member has already talked; no need to insist
    state.startTimer = window.setTimeout(start, state.startRetryMs);
    state.startRetryMs = Math.min(state.startRetryMs * 2, START_RETRY_MAX_MS);
  }

  ui.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = ui.input.value;
    if (!text.trim() || state.busy) return;
    window.clearTimeout(state.startTimer);
    if (await send({ text }, text)) {
      if (ui.input.value === text) ui.input.value = "";
      focusAfterReply();
    } else {
      ui.input.focus({ preventScroll: true });
    }
  });

  ui.log.addEventListener("click", async (event) => {
    const button = event.target instanceof Element ? event.target.closest("button.option") : null;
    if (!button || button.disabled || state.busy) return;
    window.clearTimeout(state.startTimer);
    if (await send({ option: button.dataset.optionId }, button.textContent)) {
      button.classList.add("chosen");
      focusAfterReply();
    }
  });

  if ("geolocation" in navigator && window.isSecureContext) {
    ui.location.hidden = false;
    ui.location.addEventListener("click", () => {
      if (state.busy) return;
      ui.location.disabled = true;
      navigator.geolocation.getCurrentPosition(
        async (position) => {
          ui.location.disabled = false;
          const latitude = Math.round(position.coords.latitude * 1e5) / 1e5;
          const longitude = Math.round(position.coords.longitude * 1e5) / 1e5;
          const echo = `${state.texts.location}\n${latitude.toFixed(4)}, ${longitude.toFixed(4)}`;
          if (await send({ location: { latitude, longitude } }, echo)) focusAfterReply();
        },
        () => {
          ui.location.disabled = false;
          ui.location.focus();
        },
        { enableHighAccuracy: false, timeout: 20000, maximumAge: 60000 },
      );
    });
  }

  /* ---------- proactive messages (reminders, waitlist, changes) ---------- */

  async function poll() {
    if (!state.busy && !document.hidden) {
      try {
        const url = `/api/webchat/inbox?tab=${encodeURIComponent(state.session)}`;
        const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
        if (response.ok) {
          const body = await response.json();
          if (Array.isArray(body.messages) && body.messages.length) {
            renderReplies(body.messages);
          }
        }
      } catch (_) {
        /* offline: the next poll tries again */
      }
    }
    window.setTimeout(poll, POLL_MS);
  }

  window.addEventListener("online", () => {
    if (state.startTimer && !state.history.length) start();
  });

  /* ---------- boot ---------- */

  fetchTexts(navigator.language || "en");
  loadSession().then(({ session, fresh }) => {
    state.session = session;
    setOffline(false);
    const history = fresh ? [] : loadHistory();
    if (history.length) {
      restoreHistory(history);
      if (startPayload) send({ text: `/start ${startPayload}` }, null);
      focusAfterReply();
    } else {
      start();
    }
    window.setTimeout(poll, POLL_MS);
  });
})();
