"""The public record of a closed secret vote, and its verifier.

docs/ballot-record.md is the specification; this module is its reference implementation and
the `lianghui verify RECORD.json` command. The check numbers (§1..§8) in the messages are
those of the document.
"""

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from . import ballot as B
from . import group as G
from . import threshold as T
from .elgamal import Ciphertext, DlogTable

FORMAT = "lianghui-ballot-record-1"


class RecordError(ValueError):
    pass


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str
    ballots: int = 0
    counts: list | None = None


def build(
    election: dict,
    ceremony: dict,
    trustee_names: dict[int, str],
    ballots: list[dict],
    tally: list[list[Ciphertext]],
    partial_decryptions: list[dict],
    counts: list[list[int]],
) -> dict:
    """Assemble a record. `ballots` are {"voter", "ballot"}; trackers are added here.

    `partial_decryptions` are the trustees' messages as posted (flat factors, in question then
    answer order) and are stored in that shape.
    """
    return {
        "format": FORMAT,
        "election": election,
        "fingerprint": B.fingerprint(election),
        "ceremony": ceremony,
        "trustees": [{"index": j, "name": trustee_names[j]} for j in sorted(trustee_names)],
        "ballots": [
            {"voter": b["voter"], "tracker": B.tracker(b["ballot"]), "ballot": b["ballot"]}
            for b in ballots
        ],
        "encrypted_tally": [[c.to_json() for c in row] for row in tally],
        "partial_decryptions": partial_decryptions,
        "result": {"num_tallied": len(ballots), "counts": counts},
    }


def decrypt_totals(
    election: dict, fp: str, tally: list[list[Ciphertext]], partials: dict[int, dict], bound: int
) -> list[list[int]]:
    """Check each trustee's partial decryption, combine k of them, take the small logs.

    Raises T.CeremonyError for a bad partial decryption or too few of them.
    """
    vks = [G.point_from_str(v) for v in election["trustees"]["verification_keys"]]
    k = election["trustees"]["threshold"]
    flat = [c for row in tally for c in row]
    alphas = [c.alpha for c in flat]
    factors = {}
    for j, msg in partials.items():
        if not 1 <= j <= len(vks):
            raise T.CeremonyError(f"no trustee {j}")
        factors[j] = T.check_partial_decryption(fp, vks[j - 1], alphas, msg)
    combined = T.combine(factors, k)
    table = DlogTable(bound)
    values = []
    for c, f in zip(flat, combined, strict=True):
        m = table.log(G.sub(c.beta, f))
        if m is None:
            raise T.CeremonyError("a total is out of range")
        values.append(m)
    out, i = [], 0
    for row in tally:
        out.append(values[i : i + len(row)])
        i += len(row)
    return out


# --- verification


def _check_ballot_job(args) -> tuple[int, str | None, list | None]:
    index, election, fp, entry = args
    try:
        if not isinstance(entry, dict) or set(entry) != {"voter", "tracker", "ballot"}:
            raise B.BallotError("malformed", "条目格式不正确")
        if B.tracker(entry["ballot"]) != entry["tracker"]:
            return index, "§4 追踪码与选票内容不符 / tracker does not match the ballot", None
        cts = B.check_ballot(election, fp, entry["ballot"], entry["voter"])
    except (B.BallotError, G.GroupError, KeyError, TypeError) as exc:
        return index, f"§4 {exc}", None
    return index, None, [[c.to_json() for c in row] for row in cts]


def _ballot_results(election, fp, entries, jobs):
    work = [(i, election, fp, e) for i, e in enumerate(entries)]
    if jobs <= 1 or len(work) < 64:
        yield from map(_check_ballot_job, work)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_check_ballot_job, work, chunksize=max(1, len(work) // (jobs * 8)))


def verify(record: object, jobs: int | None = None) -> Verdict:
    """Every check of docs/ballot-record.md, in its order; the first failure is the verdict."""
    try:
        return _verify(record, jobs or os.cpu_count() or 1)
    except RecordError as exc:
        return Verdict(False, str(exc))
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        return Verdict(False, f"记录格式不正确 / malformed record: {exc!r}")


def _fail(msg: str):
    raise RecordError(msg)


def _check_format(record) -> tuple[dict, str]:
    """§1 the format and §2 the fingerprint; returns the election and its fingerprint."""
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        _fail(f"§1 不是 {FORMAT} 格式的记录 / not a {FORMAT} record")
    election = record["election"]
    if election.get("version") != B.VERSION or election.get("group") != G.GROUP_NAME:
        _fail("§1 选举定义的版本或群不受支持 / unsupported version or group")
    fp = B.fingerprint(election)
    if record["fingerprint"] != fp:
        _fail("§2 指纹与选举定义不符 / fingerprint does not match the election")
    return election, fp


def _check_ceremony(record, election) -> tuple[int, int]:
    """§3 the key ceremony: every trustee's commitments, the public key their product, each
    verification key and key share proof; returns (k, n)."""
    k = election["trustees"]["threshold"]
    vks = [G.point_from_str(v) for v in election["trustees"]["verification_keys"]]
    n = len(vks)
    ceremony = record["ceremony"]
    cid = ceremony["id"]
    if not isinstance(cid, str) or not (1 <= k <= n):
        _fail("§3 门限参数不正确 / bad threshold parameters")
    contributions = ceremony["contributions"]
    if sorted(c["trustee"] for c in contributions) != list(range(1, n + 1)):
        _fail("§3 承诺与监票人不一一对应 / commitments do not match the trustees")
    try:
        commitments = T.check_contributions(cid, k, contributions)
    except T.CeremonyError as exc:
        _fail(f"§3 {exc}")
    all_coefexps = [commitments[i] for i in range(1, n + 1)]
    if T.joint_public_key(all_coefexps) != G.point_from_str(election["public_key"]):
        _fail("§3 计票公钥不是各监票人承诺之积 / public key is not the product of the commitments")
    for j in range(1, n + 1):
        if T.verification_key(all_coefexps, j) != vks[j - 1]:
            _fail(f"§3 监票人 {j} 的验证密钥与承诺不符 / verification key {j} does not match")
    proofs = ceremony["key_share_proofs"]
    if sorted(p["trustee"] for p in proofs) != list(range(1, n + 1)):
        _fail("§3 缺少监票人的密钥份额证明 / a key share proof is missing")
    for p in proofs:
        try:
            T.check_key_share_proof(cid, vks[p["trustee"] - 1], p)
        except T.CeremonyError as exc:
            _fail(f"§3 {exc}")
    return k, n


def _check_ballots(election, fp: str, entries: list, jobs: int) -> list:
    """§4 the ballots: one per voter, each checked (in `jobs` processes); their ciphertexts."""
    voters = [e["voter"] for e in entries]
    if len(set(voters)) != len(voters):
        _fail("§4 同一投票人有多张选票 / a voter has more than one ballot")
    checked: list = [None] * len(entries)
    for index, error, cts in _ballot_results(election, fp, entries, jobs):
        if error:
            _fail(f"第 {index + 1} 张选票（投票人 {voters[index]}） / ballot {index + 1}: {error}")
        # Every point was checked in the job (§4); read back without checking them again,
        # which would cost a subgroup check per point in this one process.
        checked[index] = [[Ciphertext.from_checked_json(c) for c in row] for row in cts]
    return checked


def _check_partials(record) -> dict:
    """§6 the partial decryptions, at most one per trustee, by trustee."""
    partials = {}
    for msg in record["partial_decryptions"]:
        j = msg["trustee"]
        if j in partials:
            _fail(f"§6 监票人 {j} 的部分解密出现两次 / trustee {j} twice")
        partials[j] = msg
    return partials


def _check_result(result, election, counts, ballots: int) -> None:
    """§8 the published result: the decrypted counts, within what the ballots allow."""
    if result["counts"] != counts:
        _fail(
            f"§8 公布的结果 {result['counts']} 与解密结果 {counts} 不符 / published result differs"
        )
    for q, row in zip(election["questions"], counts, strict=True):
        if not q["min"] * ballots <= sum(row) <= q["max"] * ballots:
            _fail("§8 结果超出可能范围 / result out of range")


def _verify(record, jobs: int) -> Verdict:
    election, fp = _check_format(record)
    k, n = _check_ceremony(record, election)
    entries = record["ballots"]
    checked = _check_ballots(election, fp, entries, jobs)
    # §5 encrypted tally
    tally = B.encrypted_tally(election, checked)
    if record["encrypted_tally"] != [[c.to_json() for c in row] for row in tally]:
        _fail("§5 加密合计不是各选票密文之积 / encrypted tally is not the product of the ballots")
    # §6, §7 partial decryptions and their combination
    partials = _check_partials(record)
    result = record["result"]
    if result["num_tallied"] != len(entries):
        _fail("§8 计入的选票数与记录不符 / num_tallied does not match the ballots")
    try:
        counts = decrypt_totals(election, fp, tally, partials, len(entries))
    except T.CeremonyError as exc:
        _fail(f"§6 {exc}")
    _check_result(result, election, counts, len(entries))
    return Verdict(
        True,
        f"有效 / VALID: 「{election['name']}」{len(entries)} 张选票、{len(partials)} 名监票人的部分解密"
        f"（需 {k}/{n}）全部核验通过，结果 {counts}",
        len(entries),
        counts,
    )
