// The elections pages' two small scripts.
//
// 1. The clerk's keying page (#keying): a live count of ballot lines against the batch size,
//    so a skipped or doubled line shows before the batch is sent. Empty lines at the end do
//    not count, as the server reads them (keying.py).
// 2. The delegate's electronic ballot (#election-ballot): posts the marks and write-ins to
//    the API with a random token kept per election on this device (docs/architecture.md, as ballot.js):
//    a retry is recognised, and the server keeps only a one-way hash of it.
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
  const error = document.getElementById("ballot-error");
  const done = document.getElementById("ballot-done");
  ballot.addEventListener("submit", async (e) => {
    e.preventDefault();
    const marks = {};
    ballot.querySelectorAll("input[type=radio]:checked").forEach((r) => { marks[r.dataset.candidate] = r.value; });
    const writeIns = [...new Set([...ballot.querySelectorAll("select.write-in")].map((s) => s.value).filter(Boolean))].map(Number);
    const button = ballot.querySelector("button");
    button.disabled = true;
    error.hidden = true;
    try {
      const r = await fetch("/api/elections/" + id + "/cast", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": ballot.querySelector("[name=csrfmiddlewaretoken]").value },
        body: JSON.stringify({ marks, write_ins: writeIns, client_token: token() }),
      });
      const body = await r.json();
      if (r.ok) {
        ballot.hidden = true;
        done.querySelector(".receipt").textContent = body.receipt;
        done.hidden = false;
      } else {
        error.textContent = body.message;
        error.hidden = false;
      }
    } catch (err) {
      error.textContent = ballot.dataset.networkError;
      error.hidden = false;
    }
    button.disabled = false;
  });
})();
