"""The election definition, its fingerprint, and making and checking one ballot.

Shapes follow Belenios (specification, §Elections, §Encrypted answers, §Ballots) with
homomorphic questions only:

- A question has answers and bounds min..max on how many of them one ballot marks
  (a 表决: 赞成/反对/弃权 with exactly one, min = max = 1).
- A constraint bounds the number of marks over chosen (question, answer) pairs across
  questions (an election: at most as many 赞成 as seats). Belenios has no such field; its
  proof is the same overall interval proof, over the product of the chosen ciphertexts.
- Each mark is a ciphertext with an individual proof that it holds 0 or 1; each question
  has an overall proof that its marks add up to min..max; each constraint has one too.
- Challenges are bound to S0 = fingerprint|voter, so a ballot copied to another voter, vote
  or key fails (Belenios binds to the voter's credential in the same place).

Everything a verifier needs is in docs/ballot-record.md; this module is its reference code.
"""

import hashlib
import json

from . import group as G
from . import proofs as P
from .elgamal import Ciphertext, encrypt, product

VERSION = "lianghui-ballot-1"


class BallotError(ValueError):
    """A ballot refused. `code` is stable for the API; the message is Chinese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def canonical(obj) -> bytes:
    """Keys sorted, no spaces, UTF-8: the bytes that fingerprints and trackers hash."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(obj) -> str:
    return hashlib.sha256(canonical(obj)).hexdigest()


def make_election(
    uuid: str,
    name: str,
    questions: list[dict],
    public_key: bytes,
    threshold: int,
    verification_keys: list[bytes],
    constraints: list[dict] | None = None,
) -> dict:
    return {
        "version": VERSION,
        "group": G.GROUP_NAME,
        "uuid": uuid,
        "name": name,
        "questions": questions,
        "constraints": constraints or [],
        "public_key": public_key.hex(),
        "trustees": {
            "threshold": threshold,
            "verification_keys": [x.hex() for x in verification_keys],
        },
    }


def fingerprint(election: dict) -> str:
    return sha256_hex(election)


def tracker(ballot: dict) -> str:
    return sha256_hex(ballot)


def _s0(fp: str, voter: str) -> str:
    return f"{fp}|{voter}"


def _joined(cts) -> str:
    return ",".join(f"{c.alpha.hex()},{c.beta.hex()}" for c in cts)


def _overall_s(s0: str, cts) -> str:
    return f"{s0}|{_joined(cts)}"


def _constraint_s(s0: str, index: int, cts) -> str:
    return f"{s0}|constraint {index}|{_joined(cts)}"


def encrypt_ballot(election: dict, voter: str, marks: list[list[int]]) -> dict:
    """A well-formed ballot for the given marks (0/1 per answer). The voter's browser does this
    in JavaScript; Python does it for tests, the demo and the benchmark's simulated phones."""
    fp = fingerprint(election)
    y = G.point_from_str(election["public_key"])
    s0 = _s0(fp, voter)
    answers, all_cts, all_rs = [], [], []
    for q, qm in zip(election["questions"], marks, strict=True):
        if len(qm) != len(q["answers"]):
            raise ValueError("one mark per answer")
        enc = [encrypt(y, m) for m in qm]
        cts = [c for c, _ in enc]
        rs = [r for _, r in enc]
        all_cts.append(cts)
        all_rs.append(rs)
        total = sum(qm)
        answers.append(
            {
                "choices": [c.to_json() for c in cts],
                "individual_proofs": [
                    [p.to_json() for p in P.prove_interval(s0, y, c, r, m, (0, 1))]
                    for c, r, m in zip(cts, rs, qm, strict=True)
                ],
                "overall_proof": [
                    p.to_json()
                    for p in P.prove_interval(
                        _overall_s(s0, cts),
                        y,
                        product(cts),
                        sum(rs) % G.Q,
                        total,
                        range(q["min"], q["max"] + 1),
                    )
                ],
            }
        )
    constraint_proofs = []
    for index, con in enumerate(election.get("constraints", [])):
        cts = [all_cts[q][a] for q, a in con["choices"]]
        r = sum(all_rs[q][a] for q, a in con["choices"]) % G.Q
        m = sum(marks[q][a] for q, a in con["choices"])
        constraint_proofs.append(
            [
                p.to_json()
                for p in P.prove_interval(
                    _constraint_s(s0, index, cts),
                    y,
                    product(cts),
                    r,
                    m,
                    range(con["min"], con["max"] + 1),
                )
            ]
        )
    return {
        "election": fp,
        "voter": voter,
        "answers": answers,
        "constraint_proofs": constraint_proofs,
    }


_MALFORMED = ("malformed", "选票格式不正确。")


def _proofs(items, count: int) -> list[P.Proof]:
    if not isinstance(items, list) or len(items) != count:
        raise BallotError(*_MALFORMED)
    return [P.Proof.from_json(p) for p in items]


def _ciphertext(d: object) -> Ciphertext:
    """A received ciphertext, its points not yet checked: `_check_points_not_multiplied`
    and the individual proof's verification check each exactly once."""
    if not isinstance(d, dict) or set(d) != {"alpha", "beta"}:
        raise G.GroupError("a ciphertext is an object with alpha and beta")
    return Ciphertext(G.point_bytes(d["alpha"]), G.point_bytes(d["beta"]))


def _check_points_not_multiplied(c: Ciphertext, proofs: list[P.Proof]) -> None:
    """The 0/1 proof's verification multiplies alpha by both challenges and beta (= beta/g^0)
    by the first, and libsodium checks a point it multiplies as `group.check` does; a point
    that a zero challenge leaves unmultiplied is checked here instead. So every received
    point is checked once, before anything else is computed from it."""
    if proofs[0].challenge % G.Q == 0:
        G.check(c.beta)
        if proofs[1].challenge % G.Q == 0:
            G.check(c.alpha)


def _check_answer(s0: str, y, q: dict, ans: object) -> list[Ciphertext]:
    """One question's answer: a ciphertext per choice, each proved 0 or 1, and their sum
    proved within the question's min and max; the ciphertexts."""
    if not isinstance(ans, dict) or set(ans) != {
        "choices",
        "individual_proofs",
        "overall_proof",
    }:
        raise BallotError(*_MALFORMED)
    n = len(q["answers"])
    if not isinstance(ans["choices"], list) or len(ans["choices"]) != n:
        raise BallotError(*_MALFORMED)
    cts = [_ciphertext(c) for c in ans["choices"]]
    ips = ans["individual_proofs"]
    if not isinstance(ips, list) or len(ips) != n:
        raise BallotError(*_MALFORMED)
    for c, ip in zip(cts, ips, strict=True):
        proofs = _proofs(ip, 2)
        _check_points_not_multiplied(c, proofs)
        if not P.verify_interval(s0, y, c, proofs, (0, 1)):
            raise BallotError("bad_proof", "选票中有一个标记的证明不成立（不是 0 或 1）。")
    values = range(q["min"], q["max"] + 1)
    if not P.verify_interval(
        _overall_s(s0, cts),
        y,
        product(cts),
        _proofs(ans["overall_proof"], len(values)),
        values,
    ):
        raise BallotError("bad_proof", "选票的总数证明不成立（所选项数不符合规定）。")
    return cts


def check_binding(fp: str, ballot: object, voter: str) -> None:
    """The checks that need no proof: the ballot's shape, its election, its voter. The
    hall's hot path makes these before storing a press and the rest just after."""
    if not isinstance(ballot, dict) or set(ballot) != {
        "election",
        "voter",
        "answers",
        "constraint_proofs",
    }:
        raise BallotError(*_MALFORMED)
    if ballot["election"] != fp:
        raise BallotError("wrong_election", "这张选票不是本次表决（或本把计票密钥）的。")
    if ballot["voter"] != voter:
        raise BallotError("wrong_voter", "这张选票属于另一位投票人，不能重放。")


def check_ballot(election: dict, fp: str, ballot: object, voter: str) -> list[list[Ciphertext]]:
    """Every check of docs/ballot-record.md §Checking a ballot; the ciphertexts if all pass.

    `fp` is the election's fingerprint (computed once by the caller); `voter` is the
    pseudonymous index the server or the record gives this ballot.
    """
    check_binding(fp, ballot, voter)
    y = G.public_key(election["public_key"])
    s0 = _s0(fp, voter)
    questions = election["questions"]
    answers = ballot["answers"]
    if not isinstance(answers, list) or len(answers) != len(questions):
        raise BallotError(*_MALFORMED)
    all_cts = []
    try:
        for q, ans in zip(questions, answers, strict=True):
            all_cts.append(_check_answer(s0, y, q, ans))
        constraints = election.get("constraints", [])
        cps = ballot["constraint_proofs"]
        if not isinstance(cps, list) or len(cps) != len(constraints):
            raise BallotError(*_MALFORMED)
        for index, (con, cp) in enumerate(zip(constraints, cps, strict=True)):
            cts = [all_cts[q][a] for q, a in con["choices"]]
            values = range(con["min"], con["max"] + 1)
            if not P.verify_interval(
                _constraint_s(s0, index, cts), y, product(cts), _proofs(cp, len(values)), values
            ):
                raise BallotError("bad_proof", "选票的限额证明不成立（赞成人数超过应选名额）。")
    except G.GroupError as exc:
        raise BallotError("malformed", f"选票中有不合法的数值：{exc}。") from exc
    return all_cts


def encrypted_tally(
    election: dict, ballots_cts: list[list[list[Ciphertext]]]
) -> list[list[Ciphertext]]:
    """Per question and answer, the product of every counted ballot's ciphertext."""
    return [
        [product(b[qi][ai] for b in ballots_cts) for ai in range(len(q["answers"]))]
        for qi, q in enumerate(election["questions"])
    ]
