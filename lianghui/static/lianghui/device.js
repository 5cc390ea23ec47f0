// This device's own random token per vote or election, kept in localStorage: the server
// recognises a retry, or the same device changing its press, by it and stores only one-way
// hashes of it. Loaded before the ballot, election-ballot and tablet scripts that send it.
(function () {
  function token(key) {
    let t = localStorage.getItem(key);
    if (!t) {
      const bytes = new Uint8Array(24);
      crypto.getRandomValues(bytes);
      t = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      localStorage.setItem(key, t);
    }
    return t;
  }
  window.lianghuiDevice = { token };
})();
