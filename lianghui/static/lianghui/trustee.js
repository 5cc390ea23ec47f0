// A scrutineer's (监票人) device in the key ceremony. Its secrets (the encryption key, the
// polynomial while shares are out, then the key share) stay in this browser's localStorage;
// only public messages go to the server. The page polls the ceremony and does this device's
// next step as soon as everyone has finished the previous one.
(function () {
  const root = document.getElementById("trustee");
  if (!root) return;
  const B = window.LianghuiBallot;
  const api = root.dataset.api;
  const index = Number(root.dataset.index);
  const ceremony = root.dataset.ceremony;
  const storeKey = "lianghui.trustee." + ceremony + "." + index;
  const status = root.querySelector(".trustee-status");
  const errorBox = root.querySelector(".trustee-error");
  const backupForm = root.querySelector(".trustee-backup");
  let busy = false;
  let timer = null;

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || null; } catch (e) { return null; }
  }
  function save(secrets) { localStorage.setItem(storeKey, JSON.stringify(secrets)); }
  function csrf() { return root.querySelector("input[name=csrfmiddlewaretoken]").value; }
  function say(text) { status.textContent = text; }
  function fail(text) { errorBox.hidden = false; errorBox.textContent = text; }

  async function post(path, body) {
    const r = await fetch(api + path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body),
    });
    const data = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(data.message || r.statusText);
    return data;
  }

  async function step() {
    if (busy) return;
    busy = true;
    try {
      const r = await fetch(api, { credentials: "same-origin" });
      const key = await r.json();
      const me = key.trustees.find((t) => t.index === index);
      let secrets = load();
      if (key.phase === "failed") { say(root.dataset.msgFailed); stop(); return; }
      if (key.phase === "ready") {
        say(root.dataset.msgReady);
        if (secrets && secrets.share) {
          backupForm.hidden = false;
          await answerPending(secrets);
        }
        return;
      }
      if (key.phase === "keys" && !me.encryption_key) {
        say(root.dataset.msgWorking);
        if (!secrets) { secrets = B.Trustee.newSecrets(); save(secrets); }
        await post("/encryption-key", B.Trustee.encryptionKey(ceremony, index, secrets));
      } else if (key.phase === "shares" && !me.contribution) {
        if (!secrets) { say(root.dataset.msgLost); stop(); return; }
        say(root.dataset.msgWorking);
        const eks = {};
        key.trustees.forEach((t) => { eks[t.index] = t.encryption_key.encryption_key; });
        const message = B.Trustee.contribution(ceremony, index, key.threshold, secrets, eks);
        save(secrets); // the coefficients, before anything is sent
        await post("/contribution", message);
      } else if (key.phase === "confirm" && !me.key_share_proof) {
        if (!secrets) { say(root.dataset.msgLost); stop(); return; }
        say(root.dataset.msgWorking);
        let message;
        try {
          message = B.Trustee.receiveShares(ceremony, index, secrets, key.trustees.map((t) => t.contribution));
        } catch (err) {
          if (err.sender) await post("/complaint", { sender: err.sender, reason: err.message });
          throw err;
        }
        save(secrets);
        await post("/key-share", message);
      } else {
        say(root.dataset.msgWaiting);
      }
      errorBox.hidden = true;
    } catch (err) {
      fail(String(err.message || err));
    } finally {
      busy = false;
    }
  }

  // Once the key is published the page stays open in the hall: when the chair closes a
  // vote, its totals appear here and this device answers with its partial decryption.
  async function answerPending(secrets) {
    const r = await fetch(api + "/pending", { credentials: "same-origin" });
    if (!r.ok) return;
    for (const req of await r.json()) {
      if (req.answered.includes(index)) continue;
      const message = B.Trustee.partialDecryption(req.fingerprint, index, secrets.share, req.alphas);
      const a = await fetch(req.answer_url, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify(message),
      });
      if (a.ok) root.dataset.answered = String(Number(root.dataset.answered || 0) + 1);
    }
  }

  function stop() { if (timer) { clearInterval(timer); timer = null; } }

  backupForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const secrets = load();
    const passphrase = backupForm.elements.passphrase.value;
    if (!secrets || !secrets.share || passphrase.length < 10) return;
    const file = await B.backup(ceremony, index, secrets.share, passphrase);
    const link = backupForm.querySelector(".backup-link");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], { type: "application/json" }));
    link.download = "key-share-" + ceremony + "-" + index + ".json";
    link.hidden = false;
    link.click();
  });

  // Four times a second: when the chair closes a vote the hall waits for the trustees'
  // answers, and polling once a second kept the result from the screens for up to a second
  // (the request is one light query; a step still running is not started again: busy).
  step();
  timer = setInterval(step, 250);
})();
