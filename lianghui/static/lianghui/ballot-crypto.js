/* Encrypted secret ballots in the browser: the voter's phone encrypts its choice and proves
 * the ballot well formed, so the plaintext never leaves the device.
 *
 * The same protocol as lianghui/ballots (Python), specified in docs/ballot-record.md:
 * exponential ElGamal over the Ed25519 prime-order subgroup, Belenios' interval proofs
 * (disjunctive Chaum–Pedersen, Fiat–Shamir through RFC 9380 hash_to_field), bound to the
 * election fingerprint and the voter's index. The group arithmetic and hashes are the vendored
 * @noble/curves and @noble/hashes (vendor/noble-curves-2.4.0.js, which sets window.noble).
 *
 * Exposes window.LianghuiBallot.
 */
(function () {
  "use strict";
  const N = window.noble;
  const Point = N.ed25519.Point;
  const Q = 2n ** 252n + 27742317777372353535851937790883648493n;
  const G = Point.BASE;
  const ZERO = Point.ZERO;
  const PREFIX = "LIANGHUI-V1";
  const enc = new TextEncoder();

  function mod(a) {
    const r = a % Q;
    return r < 0n ? r + Q : r;
  }

  function bytesToBigLE(bytes) {
    let v = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
    return v;
  }

  function randomScalar() {
    for (;;) {
      const s = mod(bytesToBigLE(N.randomBytes(64)));
      if (s !== 0n) return s;
    }
  }

  // Constant-time multiplication (secret scalars); 0 gives the identity.
  function mul(p, s) {
    s = mod(s);
    if (s === 0n || p.is0()) return ZERO;
    return p.multiply(s);
  }

  function hex(p) {
    return p.toHex();
  }

  /* A point received from the server: canonical RFC 8032 encoding, on the curve, in the
   * prime-order subgroup, not the identity (docs/ballot-record.md §0). */
  function pointFromHex(h) {
    if (typeof h !== "string" || !/^[0-9a-f]{64}$/.test(h)) throw new Error("bad point");
    const p = Point.fromHex(h);
    p.assertValidity();
    if (p.is0() || !p.isTorsionFree() || p.toHex() !== h) throw new Error("bad point");
    return p;
  }

  function hashToField(dst, msg) {
    return N.hash_to_field(enc.encode(msg), 1, {
      DST: dst,
      p: Q,
      m: 1,
      k: 128,
      expand: "xmd",
      hash: N.sha256,
    })[0][0];
  }

  function hashGroup(dst, msg, points) {
    return hashToField(dst + "-group_hash-Ed25519", msg + points.map(hex).join(","));
  }

  function sortKeys(v) {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object") {
      const out = {};
      for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
      return out;
    }
    return v;
  }

  function canonical(v) {
    return JSON.stringify(sortKeys(v));
  }

  function sha256Hex(v) {
    return N.bytesToHex(N.sha256(enc.encode(canonical(v))));
  }

  function ct(alpha, beta) {
    return { alpha: alpha, beta: beta };
  }

  function product(cts) {
    let a = ZERO;
    let b = ZERO;
    for (const c of cts) {
      a = a.add(c.alpha);
      b = b.add(c.beta);
    }
    return ct(a, b);
  }

  function joined(cts) {
    return cts.map((c) => hex(c.alpha) + "," + hex(c.beta)).join(",");
  }

  function proofJson(ch, resp) {
    return { challenge: ch.toString(), response: resp.toString() };
  }

  /* Belenios iprove(S, r, i, M_0..M_k): the ciphertext c = (g^r, y^r g^m), m = values[i]. */
  function proveInterval(S, y, c, r, m, values) {
    const i = values.indexOf(m);
    if (i < 0) throw new Error("value outside the allowed range");
    const proofs = new Array(values.length);
    const commitments = [];
    const w = randomScalar();
    let others = 0n;
    values.forEach((M, j) => {
      if (j === i) {
        commitments.push(mul(G, w), mul(y, w));
        return;
      }
      const ch = randomScalar();
      const resp = randomScalar();
      proofs[j] = proofJson(ch, resp);
      others += ch;
      commitments.push(
        mul(G, resp).add(mul(c.alpha, ch)),
        mul(y, resp).add(mul(c.beta.subtract(mul(G, BigInt(M))), ch)),
      );
    });
    const h = hashGroup(PREFIX + "-prove", S + "|" + hex(c.alpha) + "," + hex(c.beta) + "|", commitments);
    const ch = mod(h - others);
    proofs[i] = proofJson(ch, mod(w - r * ch));
    return proofs;
  }

  function range(min, max) {
    const out = [];
    for (let v = min; v <= max; v++) out.push(v);
    return out;
  }

  /* A ballot for `marks` (one array of 0/1 per question), exactly as docs/ballot-record.md §4
   * checks it. The election's fingerprint is recomputed here, so the phone encrypts only
   * under the key and questions it was shown. */
  function encryptBallot(election, voter, marks) {
    const fp = sha256Hex(election);
    const y = pointFromHex(election.public_key);
    const s0 = fp + "|" + voter;
    const allCts = [];
    const allRs = [];
    const answers = election.questions.map((q, qi) => {
      const qm = marks[qi];
      if (!qm || qm.length !== q.answers.length) throw new Error("one mark per answer");
      const rs = qm.map(() => randomScalar());
      const cts = qm.map((m, a) => ct(mul(G, rs[a]), mul(y, rs[a]).add(mul(G, BigInt(m)))));
      allCts.push(cts);
      allRs.push(rs);
      const total = qm.reduce((s, m) => s + m, 0);
      const rSum = mod(rs.reduce((s, r) => s + r, 0n));
      return {
        choices: cts.map((c) => ({ alpha: hex(c.alpha), beta: hex(c.beta) })),
        individual_proofs: cts.map((c, a) => proveInterval(s0, y, c, rs[a], qm[a], [0, 1])),
        overall_proof: proveInterval(s0 + "|" + joined(cts), y, product(cts), rSum, total, range(q.min, q.max)),
      };
    });
    const constraintProofs = (election.constraints || []).map((con, t) => {
      const cts = con.choices.map(([q, a]) => allCts[q][a]);
      const r = mod(con.choices.reduce((s, [q, a]) => s + allRs[q][a], 0n));
      const m = con.choices.reduce((s, [q, a]) => s + marks[q][a], 0);
      return proveInterval(s0 + "|constraint " + t + "|" + joined(cts), y, product(cts), r, m, range(con.min, con.max));
    });
    return { election: fp, voter: String(voter), answers: answers, constraint_proofs: constraintProofs };
  }

  window.LianghuiBallot = {
    Q: Q,
    encryptBallot: encryptBallot,
    fingerprint: sha256Hex,
    tracker: sha256Hex,
    canonical: canonical,
    hashGroup: function (dst, msg, pointHexes) {
      return hashGroup(dst, msg, pointHexes.map((h) => Point.fromHex(h))).toString();
    },
    baseMul: function (s) {
      return hex(mul(G, BigInt(s)));
    },
    pointFromHex: pointFromHex,
  };
})();
