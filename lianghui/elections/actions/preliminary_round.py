"""The preliminary election (预选, LOL 27 ¶2; EL 31–32): a ballot round whose result fixes
the candidates list."""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.elections import rules
from lianghui.elections.actions._base import (
    _deliberated_nominees,
    _locked,
    _locked_in,
    _presidium_decision,
    _refuse_non_delegates,
    _require_presidium,
    _state,
)
from lianghui.elections.models import (
    Candidate,
    Election,
    ElectionState,
    RoundKind,
)
from lianghui.errors import refusal
from lianghui.people.models import Person
from lianghui.presidium.models import Decision, Subject


def _preliminary_rounds(election: Election):
    return election.next_rounds.filter(round_kind=RoundKind.PRELIMINARY).exclude(
        state=ElectionState.VOID
    )


def preliminary_outcome(election: Election) -> dict | None:
    """The list a preliminary election gave this election, following the re-votes among
    those tied at the last place: {"kept": [...], "pending": bool}; None if none was held."""
    current = _preliminary_rounds(election).order_by("-pk").first()
    if current is None:
        return None
    kept: list[int] = []
    while True:
        if current.state not in (ElectionState.COUNTED, ElectionState.PUBLISHED):
            return {"kept": kept, "pending": True}
        outcome = current.result["preliminary"]
        kept += outcome["kept"]
        if not outcome["tied"]:
            return {"kept": kept, "pending": False}
        current = _preliminary_rounds(current).order_by("-pk").first()
        if current is None:
            return {"kept": kept, "pending": True}


def _new_preliminary(election, previous, candidate_ids, places, actor, decision=None):
    """A preliminary round: a ballot over ``candidate_ids`` for ``places`` on the list, fixed
    at once (the nominees are the slate: "将全部候选人名单提交全体代表酝酿、讨论后，进行预选")."""
    round_ = Election.objects.create(
        meeting=election.meeting,
        office=election.office,
        seats=places,
        by_election=election.by_election,
        contested=len(candidate_ids) > places,
        mode=election.mode,
        state=ElectionState.FIXED,
        round_kind=RoundKind.PRELIMINARY,
        previous=previous,
        new_term=election.new_term,
        item=election.item,
        nominations_open_at=timezone.now(),
        slate_decision=decision.text if decision else "",
        candidates_decision=decision,
        created_by=actor,
    )
    people = sorted(Person.objects.filter(pk__in=candidate_ids), key=lambda p: (p.strokes, p.pk))
    Candidate.objects.bulk_create(
        [Candidate(election=round_, person=p, order=i) for i, p in enumerate(people, start=1)]
    )
    return round_


def hold_preliminary(election: Election, actor, decision: Decision | int | None) -> Election:
    """LOL 27 ¶2: more nominees than the method's surplus allows — the presidium, by its
    adopted decision, puts all of them to a preliminary election. Returns the preliminary
    round, a ballot like the election's own (paper or electronic) with every standing nominee
    on it and as many places as the list will have (seats plus the method's surplus)."""
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.DRAFT)
        if election.round_kind == RoundKind.PRELIMINARY:
            raise refusal("preliminary_of_preliminary", "预选本身不再进行预选。")
        cited = _presidium_decision(election, decision, Subject.PRELIMINARY, actor)
        nominated = _deliberated_nominees(election)
        size = rules.preliminary_list_size(
            election.office.kind, election.seats, election.surplus, contested=election.contested
        )
        if len(nominated) <= size:
            raise refusal(
                "preliminary_not_needed",
                f"提名 {len(nominated)} 人，未超过选举办法规定的 {size} 人，"
                "由主席团提交代表酝酿、讨论后直接确定候选人，不进行预选（地方组织法第二十七条）。",
            )
        if _preliminary_rounds(election).exists():
            raise refusal("preliminary_exists", "本次选举已安排预选。")
        _refuse_non_delegates(election, nominated)
        round_ = _new_preliminary(election, election, nominated, size, actor, cited)
        record(
            "elections.preliminary_created",
            round_,
            actor=actor,
            data={
                "election": election.pk,
                "nominees": nominated,
                "places": size,
                "presidium_decision": cited.pk,
            },
        )
    return round_


def preliminary_revote(preliminary_round: Election, actor) -> Election:
    """Those tied at the last place of a counted preliminary are voted on again for the
    places left (the reading of LOL 29 ¶1 in preliminary.py)."""
    _require_presidium(actor, preliminary_round.meeting)
    with transaction.atomic():
        round_ = _locked(preliminary_round.pk)
        if round_.round_kind != RoundKind.PRELIMINARY:
            raise refusal("not_preliminary", "这不是预选。")
        _state(round_, ElectionState.COUNTED)
        outcome = round_.result["preliminary"]
        if not outcome["tied"]:
            raise refusal("no_tie", "预选末位没有票数相等的人，无须再次预选。")
        if _preliminary_rounds(round_).exists():
            raise refusal("preliminary_exists", "再次预选已经安排。")
        again = _new_preliminary(round_, round_, outcome["tied"], outcome["places"], actor)
        record(
            "elections.preliminary_revote",
            again,
            actor=actor,
            data={"previous": round_.pk, "tied": outcome["tied"], "places": outcome["places"]},
        )
    return again
