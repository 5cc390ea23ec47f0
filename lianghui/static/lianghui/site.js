// Small behaviours every page shares, with no inline script (so a Content-Security-Policy
// without 'unsafe-inline' can be added later):
// - data-confirm: an irreversible step asks once. On a form, or on the button that submits
//   it (the button's words win). Works for plain forms and htmx forms alike: the check runs
//   in the capture phase, before htmx or any page script sees the submit.
// - data-swap-errors: an htmx target that shows refusals. htmx leaves 4xx answers unswapped by
//   default, which left the previous (green) message on screen; here a 400/403/404/409/422
//   answer is swapped in like a 200 (the server renders the refusal in the fragment), and a
//   failure with no fragment (5xx, network down) replaces the stale message with a generic one.
// - data-page-state: a page whose buttons depend on a state that a live fragment refreshes
//   reloads when the fragment's data-state no longer matches, so it never offers a step the
//   state no longer allows.
(function () {
  // A short message a script puts on the page: a status (正在提交…) or an alert. Page scripts
  // call it from their event handlers, by which time this deferred script has run.
  function notice(className, role, text) {
    const p = document.createElement("p");
    p.className = className;
    p.setAttribute("role", role);
    p.textContent = text;
    return p;
  }
  window.lianghuiSite = { notice };

  document.addEventListener(
    "submit",
    (e) => {
      const form = e.target;
      const words = (e.submitter && e.submitter.dataset.confirm) || form.dataset.confirm;
      if (!words) return;
      if (!window.confirm(words)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );

  const SWAPPED = new Set([400, 403, 404, 409, 422]);
  function errorTarget(detail) {
    const el = detail.target || detail.elt;
    return el && el.closest ? el.closest("[data-swap-errors]") : null;
  }
  document.addEventListener("htmx:beforeSwap", (e) => {
    if (errorTarget(e.detail) && SWAPPED.has(e.detail.xhr.status)) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  function failed(e) {
    const target = errorTarget(e.detail);
    if (!target || (e.detail.xhr && SWAPPED.has(e.detail.xhr.status))) return;
    target.querySelectorAll("[role=status], [role=alert]").forEach((el) => el.remove());
    target.prepend(notice("notice error", "alert", target.dataset.swapErrors));
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);

  document.addEventListener("htmx:afterSwap", (e) => {
    const holder = e.detail.target.closest && e.detail.target.closest("[data-page-state]");
    if (!holder) return;
    const shown = holder.querySelector("[data-state]");
    if (shown && shown.dataset.state !== holder.dataset.pageState) location.reload();
  });
})();
