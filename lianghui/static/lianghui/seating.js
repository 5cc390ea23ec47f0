// The seat plan's page (halls/seating.html): drag a person's seat onto another seat to move
// them there (a swap when it is taken). The drop fills in and posts the page's own move form
// (#move-seat), so the server's rules and refusals are the same as typing the names; without
// JavaScript the form is all there is. SVG groups are not draggable in HTML's sense, so the
// drag is made of pointer events.
(function () {
  const form = document.getElementById("move-seat");
  const chart = document.getElementById("seatmap");
  if (!form || !chart) return;
  chart.classList.add("draggable");
  let source = null;

  // A seat's label is its title before the name ("中区3排5号 · 张三").
  const labelOf = (g) => g.querySelector("title").textContent.split(" · ")[0].trim();
  const seatAt = (e) => {
    const el = document.elementFromPoint(e.clientX, e.clientY);
    return el && el.closest ? el.closest("#seatmap [data-seat]") : null;
  };
  function clear() {
    chart.querySelectorAll(".drag-source, .drag-over").forEach((g) => g.classList.remove("drag-source", "drag-over"));
    source = null;
  }

  chart.addEventListener("pointerdown", (e) => {
    const g = e.target.closest("[data-name]");
    if (!g || e.button !== 0) return;
    e.preventDefault(); // no text selection while dragging
    source = g;
    g.classList.add("drag-source");
  });
  document.addEventListener("pointermove", (e) => {
    if (!source) return;
    const over = seatAt(e);
    chart.querySelectorAll(".drag-over").forEach((g) => { if (g !== over) g.classList.remove("drag-over"); });
    if (over && over !== source) over.classList.add("drag-over");
  });
  document.addEventListener("pointerup", (e) => {
    if (!source) return;
    const from = source, to = seatAt(e);
    clear();
    if (!to || to === from) return;
    form.elements.name.value = from.dataset.name;
    form.elements.seat.value = labelOf(to);
    chart.dataset.dropped = "1";
    // submit(), not requestSubmit(): a published plan's missing reason is refused by the
    // server, in the page's own words, like any other refusal.
    form.submit();
  });
  document.addEventListener("pointercancel", clear);
})();
