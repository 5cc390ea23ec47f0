// The delegate's tablet: voting buttons appear when a vote opens and go when it closes;
// the documents of the current agenda item follow the chair.
(function () {
  const documents = JSON.parse(document.getElementById("hall-documents").textContent);
  const buttons = document.getElementById("tablet-vote");
  const voted = document.getElementById("tablet-voted");
  const error = document.getElementById("tablet-error");
  const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))?.split("=")[1] || "";
  const labels = { yes: buttons.querySelector(".yes").textContent, no: buttons.querySelector(".no").textContent, abstain: buttons.querySelector(".abstain").textContent };

  const token = (pollId) => window.lianghuiDevice.token("lianghui.vote." + pollId);
  function done(pollId) { return localStorage.getItem("lianghui.voted." + pollId); }

  // A secret vote is encrypted here (ballot-crypto.js), under the vote's definition and this
  // delegate's voter index read from the server; only the ballot leaves the tablet, and its
  // tracker comes back as the receipt. A named vote sends the choice.
  const MARKS = { yes: [1, 0, 0], no: [0, 1, 0], abstain: [0, 0, 1] };
  async function pressBody(p, choice) {
    if (!p.secret || p.mode !== "electronic") return { choice, client_token: token(p.id) };
    const r = await fetch("/api/votes/" + p.id + "/encryption", { credentials: "same-origin", cache: "no-store" });
    const form = await r.json();
    if (!r.ok) throw new Error(form.message);
    const ballot = window.LianghuiBallot.encryptBallot(form.election, form.voter, [MARKS[choice]]);
    return { ballot, client_token: token(p.id) };
  }

  function show(s) {
    const docs = document.getElementById("current-docs");
    docs.replaceChildren(...((s.item && documents[s.item.id]) || []).map((d) => {
      const li = document.createElement("li"); const a = document.createElement("a");
      a.href = d.url; a.textContent = d.title; li.append(a); return li;
    }));
    const p = s.poll;
    const mine = p && p.state === "open" ? done(p.id) : null;
    buttons.hidden = !p || p.state !== "open" || !!mine;
    voted.hidden = !mine;
    if (mine) voted.textContent = mine;
  }
  document.addEventListener("hall:state", (e) => show(e.detail));
  show(window.lianghuiHall.state());

  buttons.addEventListener("click", async (e) => {
    const choice = e.target.dataset.choice;
    const p = window.lianghuiHall.state().poll;
    if (!choice || !p) return;
    // First press valid: the press cannot be changed, so it asks once.
    if (p.press === "first" && !window.confirm(buttons.dataset.confirm.replace("{choice}", labels[choice]))) return;
    buttons.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    error.hidden = true;
    try {
      const r = await fetch("/api/votes/" + p.id + "/cast", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(await pressBody(p, choice)),
      });
      const body = await r.json();
      if (r.ok) {
        const words = buttons.dataset;  // translated on the page
        localStorage.setItem("lianghui.voted." + p.id, words.voted + ": " + labels[choice] + (body.receipt ? " · " + words.receipt + " " + body.receipt : ""));
      } else {
        error.textContent = body.message; error.hidden = false;
      }
    } catch (err) {
      error.textContent = buttons.dataset.networkError; error.hidden = false;
    }
    buttons.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    show(window.lianghuiHall.state());
  });
})();
