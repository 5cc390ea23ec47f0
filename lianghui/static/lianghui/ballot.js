// Each device keeps its own random token per vote: retries are recognised,
// and with last-press-valid the same device may change its choice. The server stores
// only one-way hashes of it, and no map from voter to ballot.
// A press goes to the JSON API (POST /api/votes/{id}/cast), which the server answers on
// its hot path in batches; without JavaScript the form posts to the page instead.
(function () {
  const root = document.getElementById("ballot");
  if (!root) return;
  const key = "lianghui.vote." + root.dataset.poll;
  const token = () => window.lianghuiDevice.token(key);
  function fill() { root.querySelectorAll(".client-token").forEach((el) => { el.value = token(); }); }
  fill();
  document.body.addEventListener("htmx:afterSwap", fill);

  function csrf() {
    const field = root.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function showError(form, message) {
    const panel = form.closest("#ballot-panel");
    const notice = panel.querySelector(".notice.error[role=alert]");
    if (notice) notice.textContent = message;
    else form.before(window.lianghuiSite.notice("notice error", "alert", message));
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

  // A press whose answer did not arrive (the connection dropped) or that the server could
  // not store right now (503; 502/504 from a proxy) is sent again with the same token, which
  // the server counts once: a retry can never double a vote. Bounded back-off with jitter,
  // so a hall of phones does not retry in step; then the last answer (or null) is returned.
  // "正在提交…" stays on screen until the final answer.
  const RETRY_AFTER_MS = [400, 800, 1600, 3200];
  const RETRY_STATUS = [502, 503, 504];
  async function sendPress(url, payload) {
    for (let attempt = 0; ; attempt++) {
      let response = null;
      try {
        response = await fetch(url, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
          body: JSON.stringify(payload),
        });
      } catch (err) { /* no answer: not known to be stored */ }
      if (response && !RETRY_STATUS.includes(response.status)) return response;
      if (attempt >= RETRY_AFTER_MS.length) return response;
      const wait = RETRY_AFTER_MS[attempt] * (0.75 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  function showSending(form) {
    const panel = form.closest("#ballot-panel");
    panel.querySelectorAll(".sending, .notice.error[role=alert]").forEach((el) => el.remove());
    form.before(window.lianghuiSite.notice("sending", "status", form.dataset.sending));
  }

  // An encrypted secret vote: the choice is encrypted here, with proofs that it is one of
  // 赞成/反对/弃权 (ballot-crypto.js); only the ballot leaves the phone, and its tracker
  // comes back as the receipt. A retry resends the same ballot.
  const MARKS = { yes: [1, 0, 0], no: [0, 1, 0], abstain: [0, 0, 1] };
  function pressPayload(form, choice) {
    if (!form.dataset.voter) return { choice: choice, client_token: token() };
    const election = JSON.parse(document.getElementById("election-definition").textContent);
    const ballot = window.LianghuiBallot.encryptBallot(election, form.dataset.voter, [MARKS[choice]]);
    return { ballot: ballot, client_token: token() };
  }

  root.addEventListener("submit", async (e) => {
    const form = e.target.closest(".vote-buttons");
    const button = e.submitter;
    if (!form || !button || !button.value) return;
    e.preventDefault();
    // A slow network must not send two different presses at once.
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    showSending(form);
    const r = await sendPress(form.dataset.api, pressPayload(form, button.value));
    let body = null;
    try { body = r && await r.json(); } catch (err) { /* not the API's JSON (a proxy's page) */ }
    form.closest("#ballot-panel").querySelectorAll(".sending").forEach((el) => el.remove());
    // The receipt only for a press the server says it stored; otherwise a clear final state.
    if (r && r.ok && body) showVoted(form, button, body);
    else showError(form, (body && body.message) || form.dataset.networkError);
    buttons.forEach((b) => { b.disabled = false; });
  });
})();
