// Refresh live fragments when the meeting's websocket says something changed.
// If the socket is down, htmx's polling (hx-trigger="every ...") keeps the page current.
(function () {
  const el = document.querySelector("[data-ws]");
  if (!el || !("WebSocket" in window)) return;
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + el.dataset.ws;
  let delay = 1000;
  function connect() {
    const ws = new WebSocket(url);
    ws.onopen = () => { delay = 1000; el.dataset.live = "ws"; };
    ws.onmessage = () => document.body.dispatchEvent(new Event("live-changed"));
    ws.onclose = () => { el.dataset.live = "polling"; setTimeout(connect, delay); delay = Math.min(delay * 2, 30000); };
  }
  connect();
})();
