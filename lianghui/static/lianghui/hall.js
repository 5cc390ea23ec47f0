// The hall's live client: render a meeting's snapshot into elements marked with
// data-bind / data-show / data-bar, keep it current over the websocket, and fall back to
// polling the same snapshot when the socket is down (and say so on the page).
(function () {
  const root = document.querySelector("[data-hall]");
  if (!root) return;
  const meetingId = root.dataset.meeting;
  const token = root.dataset.token || "";
  const query = token ? "?token=" + encodeURIComponent(token) : "";
  let state = JSON.parse(document.getElementById("hall-state").textContent);
  let version = -1;
  let socket = null;
  let pollTimer = null;
  let delay = 1000;

  const get = (obj, path) => path.split(".").reduce((o, k) => (o == null ? null : o[k]), obj);

  function render(s) {
    if (s.version < version) return; // an older message arriving late
    version = s.version;
    state = s;
    root.dataset.version = s.version;
    // The big screen's layout, chosen by the chair: its CSS shows what the layout names.
    if (root.dataset.layout !== undefined) root.dataset.layout = get(s, "screen.layout") || "auto";
    root.querySelectorAll("[data-bind]").forEach((el) => {
      const v = get(s, el.dataset.bind);
      el.textContent = v == null ? "" : v;
    });
    root.querySelectorAll("[data-show]").forEach((el) => {
      const [path, want] = el.dataset.show.split("=");
      const v = get(s, path);
      el.hidden = want === undefined ? !v : String(v) !== want;
    });
    root.querySelectorAll("[data-bar]").forEach((el) => {
      const [num, den] = el.dataset.bar.split("/");
      const n = Number(get(s, num) || 0), d = Number(get(s, den) || 0);
      el.style.width = d ? Math.min(100, (100 * n) / d) + "%" : "0%";
    });
    root.querySelectorAll("[data-queue]").forEach((el) => {
      el.replaceChildren(...(s.queue || []).map((q) => {
        const li = document.createElement("li");
        li.textContent = q.name + (q.topic ? "（" + q.topic + "）" : "");
        return li;
      }));
    });
    document.dispatchEvent(new CustomEvent("hall:state", { detail: s }));
    tick();
  }

  function remaining(startIso, seconds) {
    if (!startIso || !seconds) return null;
    return Math.round(seconds - (Date.now() - Date.parse(startIso)) / 1000);
  }
  function clock(sec) {
    const sign = sec < 0 ? "-" : "";
    sec = Math.abs(sec);
    return sign + Math.floor(sec / 60) + ":" + String(sec % 60).padStart(2, "0");
  }
  function tick() {
    const speaker = state.speaker;
    root.querySelectorAll("[data-countdown=speaker]").forEach((el) => {
      const left = speaker ? remaining(speaker.started_at, speaker.limit_seconds) : null;
      el.textContent = left == null ? "" : clock(left);
      el.classList.toggle("overtime", left != null && left < 0);
    });
    root.querySelectorAll("[data-countdown=poll]").forEach((el) => {
      const p = state.poll;
      const left = p && p.state === "open" && p.closes_at ? Math.round((Date.parse(p.closes_at) - Date.now()) / 1000) : null;
      el.textContent = left == null ? "" : clock(Math.max(left, 0));
    });
  }
  setInterval(tick, 1000);

  function setMode(mode) {
    root.dataset.live = mode;
    const el = document.getElementById("live-indicator");
    if (el) el.textContent = mode === "ws" ? el.dataset.live : el.dataset.polling;
  }
  async function fetchState() {
    try {
      const r = await fetch("/hall/" + meetingId + "/state.json" + query, { cache: "no-store", credentials: "same-origin" });
      if (r.ok) render(await r.json());
    } catch (e) { /* still offline: try again on the next tick */ }
  }
  function startPolling() {
    setMode("polling");
    if (!pollTimer) { pollTimer = setInterval(fetchState, 2000); fetchState(); }
  }
  function stopPolling() { clearInterval(pollTimer); pollTimer = null; }
  function connect() {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/meetings/" + meetingId + "/" + query;
    socket = new WebSocket(url);
    socket.onopen = () => { delay = 1000; stopPolling(); setMode("ws"); };
    socket.onmessage = (e) => render(JSON.parse(e.data)); // the first message is a full snapshot
    socket.onclose = () => { startPolling(); setTimeout(connect, delay); delay = Math.min(delay * 2, 15000); };
  }

  render(state);
  connect();
  window.lianghuiHall = { render, fetchState, state: () => state, closeSocket: () => socket && socket.close() };
})();
