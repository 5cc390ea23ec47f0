"""The next round: a re-vote among those tied, a further round for unfilled seats, or the
vote held again (LOL 29; EL 46), by the presidium's decision."""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.elections import rules
from lianghui.elections.actions._base import (
    _candidate_ids,
    _locked,
    _names,
    _presidium_decision,
    _require_presidium,
)
from lianghui.elections.models import (
    Election,
    ElectionState,
    Nomination,
    RoundKind,
)
from lianghui.errors import refusal
from lianghui.presidium.models import Decision, Subject


def next_round(
    election: Election,
    actor,
    decision: Decision | int | None = None,
    *,
    person_ids=None,
    seats=None,
) -> Election:
    """Link the next round: a re-vote among those tied (LOL 29 ¶1), a further round for
    unfilled seats (LOL 29 ¶2–3: from the first round's order or nominated afresh), or the
    whole vote again when void (EL 46). The presidium decides it and names its nominees: its
    adopted decision (``decision``, a Decision or its id, taken after the vote closed) is
    cited, and the round's nominations are the presidium's, by that decision. A re-vote's and
    a void vote's nominees are fixed by law (those tied; the same slate), so the decision
    must name exactly them; a further round's are the decision's (``person_ids``, when given,
    must be the same)."""
    _require_presidium(actor, election.meeting)
    kind, ids, seats = _what_next(election, person_ids)
    with transaction.atomic():
        election = _locked(election.pk)
        if election.next_rounds.exclude(round_kind=RoundKind.PRELIMINARY).exists():
            raise refusal("next_round_exists", "本次选举的下一轮已经安排。")
        cited, ids = _cited(election, decision, kind, ids, actor)
        successor = _successor(election, kind, seats, actor)
        for pid in ids:
            Nomination.objects.create(
                election=successor,
                person_id=pid,
                by_presidium=True,
                decision=cited,
                recorded_by=actor,
            )
        record(
            "elections.next_round",
            successor,
            actor=actor,
            data={
                "previous": election.pk,
                "kind": kind,
                "seats": seats,
                "nominees": ids,
                "presidium_decision": cited.pk,
            },
        )
    return successor


def _what_next(election: Election, person_ids) -> tuple[str, list | None, int]:
    """The next round's kind, its nominees as the law gives them (None: the presidium's, for a
    further round without ``person_ids``) and its seats; refused when none is due."""
    result = election.result or {}
    if election.state == ElectionState.VOID:
        return RoundKind.AGAIN, _candidate_ids(election), election.seats
    if election.state == ElectionState.PUBLISHED and result.get("revote"):
        return RoundKind.REVOTE, result["revote"], result["revote_seats"]
    if election.state == ElectionState.PUBLISHED and result.get("unfilled"):
        return RoundKind.FURTHER, person_ids, result["unfilled"]
    raise refusal("no_next_round", "本次选举无须再次投票或另行选举。")


def _cited(election: Election, decision, kind: str, ids, actor) -> tuple[Decision, list[int]]:
    """The presidium's decision on the next round, taken after the vote closed and naming
    exactly its nominees (LOL 29), and those nominees."""
    cited = _presidium_decision(election, decision, Subject.NEXT_ROUND, actor)
    closed = election.closed_at
    if cited.decided_at is None or (closed is not None and cited.decided_at < closed):
        raise refusal(
            "presidium_decision_too_early",
            "依照地方组织法第二十九条，再次投票、另行选举的候选人由主席团在计票之后决定；"
            "所引用的决定作出于投票结束之前。",
            422,
        )
    if ids is None:
        ids = cited.persons
    ids = [int(p) for p in dict.fromkeys(ids)]
    if not ids or set(ids) != set(cited.persons):
        raise refusal(
            "presidium_decision_persons",
            f"依照地方组织法第二十九条，{_next_round_words(kind)}的候选人由主席团决定；"
            f"所引用的决定确定的是{_names(cited.persons)}，"
            f"与{_names(ids) or '本轮应有的候选人'}不符。",
            422,
        )
    return cited, ids


def _successor(election: Election, kind: str, seats: int, actor) -> Election:
    """The next round, linked to this one, in draft."""
    return Election.objects.create(
        meeting=election.meeting,
        office=election.office,
        seats=seats,
        by_election=election.by_election,
        contested=election.contested,
        # A further round's contest is the law's range for the seats LEFT (LOL 29 ¶3; a
        # head's may be uncontested, LOL 27): the first round's surplus need not fit it.
        surplus=None if kind == RoundKind.FURTHER else election.surplus,
        write_in_only_beside_no=election.write_in_only_beside_no,
        mode=election.mode,
        round_kind=kind,
        previous=election,
        new_term=election.new_term,
        item=election.item,
        nominations_open_at=timezone.now(),
        created_by=actor,
    )


def _next_round_words(kind: str) -> str:
    return {
        RoundKind.AGAIN: "重新投票",
        RoundKind.REVOTE: "再次投票",
        RoundKind.FURTHER: "另行选举",
    }[kind]


def further_round_suggestion(election: Election) -> list[int]:
    """A further round's nominees from the first round's order of votes, within the law's
    surplus for the seats left (LOL 29 ¶2–3): what the presidium may decide, or nominate
    afresh instead."""
    suggestion = rules.further_round_slate(
        _result_from(election),
        election.office.kind,
        by_election=election.by_election,
        by_election_contested=election.contested if election.by_election else None,
    )
    return [int(p) for p in suggestion.candidates]


def _result_from(election: Election) -> rules.CountResult:
    data = dict(election.result)
    data["tallies"] = tuple(
        rules.Tally(**{**t, "person": str(t["person"]), "verdict": rules.Verdict(t["verdict"])})
        for t in data["tallies"]
    )
    data["elected"] = tuple(str(p) for p in data["elected"])
    data["revote"] = tuple(str(p) for p in data["revote"])
    data["sentences"] = tuple(data["sentences"])
    return rules.CountResult(**data)
