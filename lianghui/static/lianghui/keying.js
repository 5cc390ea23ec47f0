// The elections pages' two small scripts.
//
// 1. The clerk's keying page (#keying): a live count of ballot lines against the batch size,
//    so a skipped or doubled line shows before the batch is sent. Empty lines at the end do
//    not count, as the server reads them (keying.py).
// 2. The delegate's electronic ballot (#election-ballot): the marks are encrypted here under
//    the meeting's tally key with proofs that each candidate has exactly one of 赞成/反对/弃权
//    and that 赞成 are no more than the seats (ballot-crypto.js; docs/ballot-record.md); only
//    the ballot leaves the device, and its tracker comes back as the receipt. A random token
//    kept per election on this device lets the server recognise the delegate's device.
(function () {
  const keying = document.getElementById("keying");
  if (keying) {
    const area = keying.querySelector("textarea");
    const out = document.getElementById("line-count");
    const size = Number(keying.dataset.size);
    const update = () => {
      const lines = area.value.split(/\r?\n/);
      while (lines.length && lines[lines.length - 1] === "") lines.pop();
      out.textContent = lines.length;
      out.className = lines.length === size ? "ok" : lines.length > size ? "error" : "";
    };
    area.addEventListener("input", update);
    update();
  }

  const ballot = document.getElementById("election-ballot");
  if (!ballot) return;
  const id = ballot.dataset.election;
  const key = "lianghui.election." + id;
  const token = () => window.lianghuiDevice.token(key);
  const error = document.getElementById("ballot-error");
  const done = document.getElementById("ballot-done");
  const MARKS = { yes: [1, 0, 0], no: [0, 1, 0], abstain: [0, 0, 1] };
  let sent = null; // the ballot already made: a retry resends it, never a new one
  function show(message) {
    error.textContent = message;
    error.hidden = false;
  }
  function makeBallot() {
    const marks = [];
    let yes = 0;
    ballot.querySelectorAll("fieldset.candidate-marks").forEach((f) => {
      const checked = f.querySelector("input[type=radio]:checked");
      const mark = checked ? checked.value : "abstain"; // 不划的视为弃权
      if (mark === "yes") yes += 1;
      marks.push(MARKS[mark]);
    });
    if (yes > Number(ballot.dataset.seats)) return null;
    const election = JSON.parse(document.getElementById("election-definition").textContent);
    return window.LianghuiBallot.encryptBallot(election, ballot.dataset.voter, marks);
  }
  ballot.addEventListener("change", () => { sent = null; });
  ballot.addEventListener("submit", async (e) => {
    e.preventDefault();
    const button = ballot.querySelector("button");
    const label = button.textContent;
    button.disabled = true;
    error.hidden = true;
    try {
      if (!sent) {
        // Encrypting a long slate takes a moment on a phone: say so, and let it show first.
        button.textContent = ballot.dataset.encrypting;
        await new Promise((resolve) => setTimeout(resolve, 30));
        sent = makeBallot();
        button.textContent = label;
      }
      if (!sent) {
        show(ballot.dataset.overvote);
        button.disabled = false;
        return;
      }
      const r = await fetch("/api/elections/" + id + "/cast", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": ballot.querySelector("[name=csrfmiddlewaretoken]").value },
        body: JSON.stringify({ ballot: sent, client_token: token() }),
      });
      const body = await r.json();
      if (r.ok) {
        ballot.hidden = true;
        done.querySelector(".receipt").textContent = body.receipt;
        done.hidden = false;
      } else {
        show(body.message);
      }
    } catch (err) {
      show(ballot.dataset.networkError);
    }
    button.textContent = label;
    button.disabled = false;
  });
})();
