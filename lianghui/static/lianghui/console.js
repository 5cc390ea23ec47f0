// The chair's console: its server-rendered lists (votes and their buttons, speakers) follow
// the live state by reloading when the state moves on, so no button outlives its state.
(function () {
  let first = true, last = null;
  document.addEventListener("hall:state", (e) => {
    const s = e.detail;
    const key = JSON.stringify([s.poll && s.poll.state, s.poll && s.poll.id, s.speaker && s.speaker.id, (s.queue || []).map((q) => q.id)]);
    if (!first && key !== last) location.reload();
    first = false;
    last = key;
  });
})();
