// The live seat map (halls/_live_map.html): recolour the server-drawn seats from each
// hall state hall.js receives — by attendance, or by choice once a named vote's result is
// published (the state carries choices only then, never for a secret vote).
(function () {
  const map = document.querySelector("[data-seatmap]");
  if (!map) return;
  const seats = new Map();
  map.querySelectorAll("[data-seat]").forEach((g) => seats.set(Number(g.dataset.seat), g));
  const STATES = ["present", "leave", "absent", "nonvoting", "yes", "no", "abstain"];
  function paint(s) {
    const info = s.seats;
    seats.forEach((g) => g.classList.remove(...STATES));
    if (!info) return;
    const by = info.choices || info;
    const keys = info.choices ? ["yes", "no", "abstain"] : ["present", "leave", "absent", "nonvoting"];
    keys.forEach((k) => (by[k] || []).forEach((id) => { const g = seats.get(id); if (g) g.classList.add(k); }));
    map.dataset.painted = s.version;
  }
  document.addEventListener("hall:state", (e) => paint(e.detail));
  if (window.lianghuiHall) paint(window.lianghuiHall.state());
})();
