// Each device keeps its own random token per vote (DESIGN §3): retries are recognised,
// and with last-press-valid the same device may change its choice. The server stores
// only one-way hashes of it, and no map from voter to ballot.
(function () {
  const root = document.getElementById("ballot");
  if (!root) return;
  const key = "lianghui.vote." + root.dataset.poll;
  function token() {
    let t = localStorage.getItem(key);
    if (!t) {
      const bytes = new Uint8Array(24);
      crypto.getRandomValues(bytes);
      t = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      localStorage.setItem(key, t);
    }
    return t;
  }
  function fill() { root.querySelectorAll(".client-token").forEach((el) => { el.value = token(); }); }
  fill();
  document.body.addEventListener("htmx:afterSwap", fill);
  // A slow network must not send two different presses at once.
  document.body.addEventListener("htmx:beforeRequest", (e) => {
    if (e.target.classList && e.target.classList.contains("vote-buttons")) {
      e.target.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    }
  });
})();
