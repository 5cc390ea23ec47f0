"""Closing the vote, the decryption of encrypted totals by the scrutineers' devices, the
count (LOL 29, EL 44) and the presidium's declaration of validity (EL 46)."""

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.ballots import ballot as ballot_crypto
from lianghui.elections import encrypted, preliminary, rules
from lianghui.elections.actions._base import (
    _candidate_ids,
    _locked,
    _locked_in,
    _presidium_decision,
    _require_presidium,
)
from lianghui.elections.actions.voting import _refuse_ballot, eligible_write_ins
from lianghui.elections.models import (
    Election,
    ElectionMode,
    ElectionState,
    FinalBallot,
    RoundKind,
)
from lianghui.errors import refusal
from lianghui.people.models import Person
from lianghui.presidium.models import Decision, Subject
from lianghui.scrutiny import actions as scrutiny
from lianghui.scrutiny.models import DecryptionRequest
from lianghui.sessions import live


def close_voting(election: Election, actor) -> Election:
    """Electronic: the ciphertexts are added and only their sums go to the scrutineers'
    devices (a decryption request); once k have answered, the count runs by itself."""
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.OPEN)
        election.closed_at = timezone.now()
        election.state = ElectionState.CLOSED
        fields = ["closed_at", "state"]
        encrypted_ballots = election.definition is not None
        if encrypted_ballots:
            election.returned = election.encrypted_ballots.count()
            fields.append("returned")
        election.save(update_fields=fields)
        record(
            "elections.closed",
            election,
            actor=actor,
            data={"returned": election.returned, "encrypted": encrypted_ballots},
        )
        if encrypted_ballots and election.returned:
            scrutiny.request_decryption(
                election.tally_key,
                subject=encrypted.subject(election),
                title=election.definition["name"],
                fingerprint=ballot_crypto.fingerprint(election.definition),
                ciphertexts=encrypted.running_tally(election),
                bound=election.returned,
                answer_url=f"/api/elections/{election.pk}/partial-decryptions",
            )
        elif encrypted_ballots:
            # No ballot: nothing to decrypt, every total is 0.
            _count_locked(election, actor)
    live.meeting_changed(election.meeting_id)
    return election


DECRYPTING = scrutiny.Decrypting(
    locked=_locked,
    subject=lambda e: encrypted.subject(e) if e.definition is not None else None,
    waiting=lambda e: e.state == ElectionState.CLOSED,
    refused=lambda e: _refuse_ballot(
        "not_decrypting", "该选举不在解密计票阶段。", 409, election=e.pk
    ),
    counted=lambda e, counts: _count_locked(e, None),
)


def decryption_request(election: Election) -> DecryptionRequest | None:
    return DECRYPTING.request(election)


def add_partial_decryption(election_id: int, user, message: dict) -> Election:
    """A scrutineer's device answers with its partial decryption of the totals: checked
    against its verification key and stored; with k of them the totals are known and the
    count runs on them (the same rules as for paper)."""
    return DECRYPTING.answer(election_id, user, message)


def missing_trustees(election: Election) -> list[str]:
    """While an encrypted election waits for its decryption: who has not answered."""
    return DECRYPTING.missing(election)


def _serialise(result: rules.CountResult) -> dict:
    data = asdict(result)
    data["tallies"] = [
        {**t, "person": int(t["person"]), "verdict": str(t["verdict"])} for t in data["tallies"]
    ]
    data["elected"] = [int(p) for p in result.elected]
    data["revote"] = [int(p) for p in result.revote]
    data["sentences"] = list(result.sentences)
    data["void_reasons"] = dict(result.void_reasons)
    return data


def ballots_for_count(election: Election) -> list[rules.Ballot]:
    """The paper ballots as counted (encrypted electronic ballots are never read one by one)."""
    contents = FinalBallot.objects.filter(batch__election=election).values_list(
        "content", flat=True
    )
    return [
        rules.Ballot(c["marks"], tuple(str(w) for w in c["write_ins"]), c["void"]) for c in contents
    ]


def _decrypted_totals(election: Election) -> rules.CountResult:
    """The count of an encrypted election from its decrypted totals only."""
    order = _candidate_ids(election)
    counts = [[0, 0, 0] for _ in order]
    request = decryption_request(election)
    if request is not None:
        counts = encrypted.unflatten(request.counts, len(order))
    names = dict(Person.objects.filter(pk__in=order).values_list("pk", "name"))
    return rules.count_totals(
        {str(c): row[0] for c, row in zip(order, counts, strict=True)},
        {str(c): row[1] for c, row in zip(order, counts, strict=True)},
        seats=election.seats,
        candidate_order=[str(c) for c in order],
        members_total=election.members_total,
        issued=election.issued,
        returned=election.returned,
        names={str(k): v for k, v in names.items()},
        revote=election.round_kind == RoundKind.REVOTE,
    )


def _store_count(election: Election, result: rules.CountResult, actor, **extra) -> Election:
    election.result = _serialise(result)
    if election.round_kind == RoundKind.PRELIMINARY and result.valid:
        election.result = _preliminary_result(election.result)
    election.state = ElectionState.COUNTED if result.valid else ElectionState.VOID
    election.save(update_fields=["result", "state"])
    record(
        "elections.counted",
        election,
        actor=actor,
        data={
            "valid": result.valid,
            "elected": election.result["elected"],
            "unfilled": result.unfilled,
            **extra,
        },
    )
    return election


def _preliminary_result(data: dict) -> dict:
    """A preliminary's count read as the law reads it: no majority, the list in order of
    赞成 votes (preliminary.py). Nobody is "elected"; each tally says listed, tied or not."""
    tallies = [t for t in data["tallies"] if t["on_slate"]]
    yes = {t["person"]: t["yes"] for t in tallies}
    outcome = preliminary.rank(yes, data["seats"], [t["person"] for t in tallies])
    names = {t["person"]: t["name"] for t in tallies}
    for t in tallies:
        if t["person"] in outcome.kept:
            t["verdict"] = "listed"
        else:
            t["verdict"] = "tied" if t["person"] in outcome.tied else "not_listed"
        t["sentence"] = f"{t['name']} 得赞成票 {t['yes']} 票。"
    return {
        **data,
        "tallies": tallies,
        "elected": [],
        "revote": [],
        "revote_seats": 0,
        "unfilled": 0,
        "sentences": [data["sentences"][0], *preliminary.sentences(outcome, yes, names)],
        "preliminary": {
            "kept": list(outcome.kept),
            "tied": list(outcome.tied),
            "places": outcome.places,
            "order": list(outcome.order),
        },
    }


def _count_locked(election: Election, actor) -> Election:
    """Count an encrypted election whose totals are decrypted (inside the caller's
    transaction, the election locked): actor None when the last scrutineer's answer
    completes the decryption."""
    return _store_count(election, _decrypted_totals(election), actor, decrypted=True)


def count(election: Election, actor) -> Election:
    """Count the final ballots with every validity rule (EL 44, LOL 29)."""
    _require_presidium(actor, election.meeting)
    if election.definition is not None:
        # Encrypted: counted as soon as the scrutineers' devices have decrypted the totals.
        with transaction.atomic():
            election = _locked_in(election.pk, ElectionState.CLOSED)
            request = decryption_request(election)
            if request is not None and request.counts is None:
                missing = "、".join(scrutiny.missing_trustees(request))
                raise refusal(
                    "awaiting_decryption",
                    f"电子选票的合计票数须由 {election.tally_key.threshold} 名监票人解密后才能计票；"
                    f"尚未解密的监票人：{missing}。请监票人打开计票密钥页面。",
                )
            _count_locked(election, actor)
        live.meeting_changed(election.meeting_id)
        return election
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.CLOSED)
        if election.returned is None:
            raise refusal("no_returned", "请先登记收回选票数并由监票人签字。")
        if election.mode == ElectionMode.PAPER:
            keyed = sum(election.batches.values_list("size", flat=True))
            final = FinalBallot.objects.filter(batch__election=election).count()
            if keyed != election.returned or final != election.returned:
                raise refusal(
                    "entry_incomplete",
                    f"收回选票 {election.returned} 张，已分批 {keyed} 张，两遍录入一致或经核定的 {final} 张；"
                    "录入完成且一致后才能计票。",
                )
        ballots = ballots_for_count(election)
        order = [str(c) for c in _candidate_ids(election)]
        eligible = eligible_write_ins(election)
        names = dict(
            Person.objects.filter(pk__in=[int(o) for o in order]).values_list("pk", "name")
        )
        written = {w for b in ballots for w in b.write_ins}
        names.update(
            dict(Person.objects.filter(pk__in=[int(w) for w in written]).values_list("pk", "name"))
        )
        result = rules.count(
            ballots,
            seats=election.seats,
            candidate_order=order,
            members_total=election.members_total,
            issued=election.issued,
            returned=election.returned,
            eligible_write_ins={str(e) for e in eligible} if eligible is not None else None,
            write_in_only_beside_no=election.write_in_only_beside_no,
            names={str(k): v for k, v in names.items()},
            revote=election.round_kind == RoundKind.REVOTE,
        )
        election = _store_count(election, result, actor)
    live.meeting_changed(election.meeting_id)
    return election


def declare(election: Election, actor, decision: Decision | int | None = None) -> Election:
    """EL 46: the presidium decides whether the election is valid (its adopted decision,
    taken after the count, is cited): valid — the result is published; not valid — the
    election is void and is held again (next_round)."""
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.COUNTED)
        cited = _presidium_decision(election, decision, Subject.VALIDITY, actor)
        if cited.decided_at is None or cited.decided_at < election.closed_at:
            raise refusal(
                "presidium_decision_too_early",
                "依照选举法第四十六条，主席团在计票之后确定选举结果是否有效；"
                "所引用的决定作出于投票结束之前。",
                422,
            )
        valid = bool(cited.matter.get("valid"))
        election.state = ElectionState.PUBLISHED if valid else ElectionState.VOID
        election.declared_by = actor
        election.validity_decision = cited
        election.published_at = timezone.now() if valid else None
        election.save(update_fields=["state", "declared_by", "validity_decision", "published_at"])
        record(
            "elections.published" if valid else "elections.declared_void",
            election,
            actor=actor,
            data={
                "elected": election.result["elected"] if valid else [],
                "presidium_decision": cited.pk,
                "decision": cited.text,
            },
        )
    live.meeting_changed(election.meeting_id)
    return election
