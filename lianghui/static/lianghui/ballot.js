// Each device keeps its own random token per vote (DESIGN §3): retries are recognised,
// and with last-press-valid the same device may change its choice. The server stores
// only one-way hashes of it, and no map from voter to ballot.
// A press goes to the JSON API (POST /api/votes/{id}/cast), which the server answers on
// its hot path in batches; without JavaScript the form posts to the page instead.
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

  function csrf() {
    const field = root.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function showError(form, message) {
    const panel = form.closest("#ballot-panel");
    let notice = panel.querySelector(".notice.error[role=alert]");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "notice error";
      notice.setAttribute("role", "alert");
      form.before(notice);
    }
    notice.textContent = message;
  }
  function showVoted(form, button, body) {
    const panel = form.closest("#ballot-panel");
    panel.querySelectorAll(".voted, .receipt-line, .notice.error").forEach((el) => el.remove());
    const shown = document.getElementById("voted-template").content.cloneNode(true);
    shown.querySelector(".pressed").textContent = button.textContent;
    if (body.receipt) shown.querySelector(".receipt").textContent = body.receipt;
    else shown.querySelector(".receipt-line").remove();
    form.before(shown);
    if (!form.dataset.canChange) form.remove();
  }

  root.addEventListener("submit", async (e) => {
    const form = e.target.closest(".vote-buttons");
    const button = e.submitter;
    if (!form || !button || !button.value) return;
    e.preventDefault();
    // A slow network must not send two different presses at once.
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const r = await fetch(form.dataset.api, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ choice: button.value, client_token: token() }),
      });
      const body = await r.json();
      if (r.ok) showVoted(form, button, body);
      else showError(form, body.message);
    } catch (err) {
      showError(form, form.dataset.networkError);
    }
    buttons.forEach((b) => { b.disabled = false; });
  });
})();
