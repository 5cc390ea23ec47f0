// The live seat map (halls/_live_map.html, the big screen): recolour the server-drawn seats
// from each hall state hall.js receives — by attendance, or by choice once a named vote's
// result is published (the state carries choices only then, never for a secret vote). When
// the state names another map (seats.map: a plan made, moved or published since), fetch the
// chart again from the server and recolour it; no reload.
(function () {
  const map = document.querySelector("[data-seatmap]");
  if (!map) return;
  const body = map.querySelector("[data-seatmap-body]");
  const root = document.querySelector("[data-hall]");
  const seats = new Map();
  const STATES = ["present", "leave", "absent", "nonvoting", "yes", "no", "abstain"];
  let drawn = null; // the seats.map key the chart on the page was drawn for
  let wanted = null; // the key of the newest state
  let fetching = false;
  let last = null;

  function index() {
    seats.clear();
    map.querySelectorAll("[data-seat]").forEach((g) => seats.set(Number(g.dataset.seat), g));
  }
  function paint(s) {
    last = s;
    const info = s.seats;
    seats.forEach((g) => g.classList.remove(...STATES));
    if (info) {
      const by = info.choices || info;
      const keys = info.choices ? ["yes", "no", "abstain"] : ["present", "leave", "absent", "nonvoting"];
      keys.forEach((k) => (by[k] || []).forEach((id) => { const g = seats.get(id); if (g) g.classList.add(k); }));
    }
    map.dataset.painted = s.version;
  }
  async function redraw() {
    if (fetching || !body || !root) return;
    fetching = true;
    const key = wanted;
    try {
      const params = new URLSearchParams();
      if (root.dataset.token) params.set("token", root.dataset.token);
      if (map.dataset.names !== undefined) params.set("names", "1");
      const r = await fetch("/hall/" + root.dataset.meeting + "/seatmap?" + params, { cache: "no-store", credentials: "same-origin" });
      if (r.ok) {
        // The server's own markup for this meeting's chart (an SVG, no scripts).
        body.innerHTML = await r.text();
        drawn = key;
        map.dataset.map = key || "";
        index();
        if (last) paint(last);
      }
    } catch (e) { /* offline: the next state tries again */ }
    fetching = false;
    // A newer plan came while this one was fetched; a failed fetch waits for the next state.
    if (drawn === key && wanted !== drawn) redraw();
  }
  function follow(s) {
    wanted = (s.seats && s.seats.map) || null;
    paint(s);
    if (wanted !== drawn) redraw();
  }

  index();
  if (window.lianghuiHall) {
    // The page's chart was drawn with (or after) the page's own state.
    const first = window.lianghuiHall.state();
    drawn = (first.seats && first.seats.map) || null;
    map.dataset.map = drawn || "";
    paint(first);
  }
  document.addEventListener("hall:state", (e) => follow(e.detail));
})();
