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

  // --- A trustee's device in the key ceremony (lianghui/ballots/threshold.py, the same steps).

  function proveKnowledge(context, x) {
    const X = mul(G, x);
    const w = randomScalar();
    const ch = hashGroup(PREFIX + "-pok", context + "|" + hex(X) + "|", [mul(G, w)]);
    return proofJson(ch, mod(w - x * ch));
  }

  function scalarToBytesLE(s) {
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) {
      out[i] = Number(s & 0xffn);
      s >>= 8n;
    }
    return out;
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  function shareKeys(context, R, ek, shared) {
    const material = N.sha512(
      concat(enc.encode(PREFIX + "-share"), enc.encode(context), R.toBytes(), ek.toBytes(), shared.toBytes()),
    );
    return [material.slice(0, 32), material.slice(32)];
  }

  function xor(a, b) {
    return a.map((v, i) => v ^ b[i]);
  }

  function encryptShare(ceremony, sender, recipient, ek, s) {
    const context = ceremony + "|" + sender + "->" + recipient;
    const e = randomScalar();
    const R = mul(G, e);
    const [pad, macKey] = shareKeys(context, R, ek, mul(ek, e));
    const ct = xor(scalarToBytesLE(s), pad);
    const tag = N.hmac(N.sha256, macKey, concat(R.toBytes(), ct));
    return { ephemeral: hex(R), ciphertext: N.bytesToHex(ct), tag: N.bytesToHex(tag) };
  }

  function decryptShare(ceremony, sender, recipient, d, box) {
    const context = ceremony + "|" + sender + "->" + recipient;
    const R = pointFromHex(box.ephemeral);
    const ct = N.hexToBytes(box.ciphertext);
    const [pad, macKey] = shareKeys(context, R, mul(G, d), mul(R, d));
    const tag = N.bytesToHex(N.hmac(N.sha256, macKey, concat(R.toBytes(), ct)));
    if (ct.length !== 32 || tag !== box.tag) throw new Error("share from trustee " + sender + " does not authenticate");
    const s = bytesToBigLE(xor(ct, pad));
    if (s >= Q) throw new Error("share from trustee " + sender + " is not a scalar");
    return s;
  }

  function feldman(coefexps, j) {
    let total = ZERO;
    let power = 1n;
    for (const a of coefexps) {
      total = total.add(mul(a, power));
      power = mod(power * BigInt(j));
    }
    return total;
  }

  const Trustee = {
    newSecrets: function () {
      return { d: randomScalar().toString() };
    },
    encryptionKey: function (ceremony, index, secrets) {
      const d = BigInt(secrets.d);
      return {
        trustee: index,
        encryption_key: hex(mul(G, d)),
        proof: proveKnowledge(ceremony + "|encryption-key|" + index, d),
      };
    },
    // Step 2: the polynomial's coefficients are drawn here and kept in `secrets` only until
    // the shares are received (then forgotten, as in threshold.Trustee).
    contribution: function (ceremony, index, threshold, secrets, encryptionKeys) {
      if (!secrets.coefficients) {
        secrets.coefficients = [];
        for (let i = 0; i < threshold; i++) secrets.coefficients.push(randomScalar().toString());
      }
      const a = secrets.coefficients.map(BigInt);
      const shares = {};
      for (const [j, ekHex] of Object.entries(encryptionKeys)) {
        let s = 0n;
        for (let l = a.length - 1; l >= 0; l--) s = mod(s * BigInt(j) + a[l]);
        shares[String(j)] = encryptShare(ceremony, index, Number(j), pointFromHex(ekHex), s);
      }
      return {
        trustee: index,
        coefexps: a.map((c) => hex(mul(G, c))),
        proof: proveKnowledge(ceremony + "|commitment|" + index, a[0]),
        shares: shares,
      };
    },
    // Step 3: check each received share against its sender's commitments; the key share.
    // Throws {sender} naming the trustee whose share does not check.
    receiveShares: function (ceremony, index, secrets, contributions) {
      const d = BigInt(secrets.d);
      let total = 0n;
      for (const c of contributions) {
        let s;
        try {
          s = decryptShare(ceremony, c.trustee, index, d, c.shares[String(index)]);
          const coefexps = c.coefexps.map(pointFromHex);
          if (!mul(G, s).equals(feldman(coefexps, index))) throw new Error("share does not match its commitments");
        } catch (err) {
          const e = new Error(String(err.message || err));
          e.sender = c.trustee;
          throw e;
        }
        total = mod(total + s);
      }
      secrets.share = total.toString();
      delete secrets.coefficients;
      return { trustee: index, proof: proveKnowledge(ceremony + "|key-share|" + index, total) };
    },
  };

  /* Partial decryption of totals (Belenios §Partial decryptions; the challenge also hashes
   * alpha and the factor): factor = alpha^x with a Chaum–Pedersen proof against X = g^x. */
  Trustee.partialDecryption = function (fingerprint, index, share, alphaHexes) {
    const x = BigInt(share);
    const X = mul(G, x);
    const factors = alphaHexes.map((h) => {
      const alpha = pointFromHex(h);
      const factor = mul(alpha, x);
      const w = randomScalar();
      const ch = hashGroup(
        PREFIX + "-decrypt",
        fingerprint + "|" + hex(X) + "|" + hex(alpha) + "," + hex(factor) + "|",
        [mul(G, w), mul(alpha, w)],
      );
      return { factor: hex(factor), proof: proofJson(ch, mod(w - x * ch)) };
    });
    return { trustee: index, factors: factors };
  };

  /* A passphrase-protected backup of the key share: PBKDF2-HMAC-SHA256 (600,000 rounds, a
   * random 16-byte salt) gives 64 bytes; the 32-byte share is XORed with the first half and
   * authenticated with HMAC-SHA256 under the second half (a one-time pad per salt). */
  async function backup(ceremony, index, share, passphrase) {
    const salt = N.randomBytes(16);
    const material = await N.pbkdf2Async(N.sha256, enc.encode(passphrase), salt, { c: 600000, dkLen: 64 });
    const ct = xor(scalarToBytesLE(BigInt(share)), material.slice(0, 32));
    const header = "lianghui-key-share-backup-1|" + ceremony + "|" + index;
    const tag = N.hmac(N.sha256, material.slice(32), concat(enc.encode(header), salt, ct));
    return {
      format: "lianghui-key-share-backup-1",
      ceremony: ceremony,
      trustee: index,
      verification_key: hex(mul(G, BigInt(share))),
      kdf: { name: "PBKDF2-HMAC-SHA256", iterations: 600000, salt: N.bytesToHex(salt) },
      ciphertext: N.bytesToHex(ct),
      tag: N.bytesToHex(tag),
    };
  }

  window.LianghuiBallot = {
    Trustee: Trustee,
    backup: backup,
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
