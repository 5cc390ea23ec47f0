"""The candidates list fixed by the presidium's decision (LOL 27), and the counting officers
(EL 43)."""

from django.db import IntegrityError, transaction

from lianghui.audit.log import record
from lianghui.elections import rules
from lianghui.elections.actions._base import (
    _deliberated_nominees,
    _locked_in,
    _names,
    _presidium_decision,
    _refuse_non_delegates,
    _require_presidium,
    _state,
    delegates_of,
)
from lianghui.elections.actions.preliminary_round import preliminary_outcome
from lianghui.elections.models import (
    Candidate,
    CountingOfficer,
    Election,
    ElectionState,
    OfficerRole,
)
from lianghui.errors import refusal
from lianghui.people.models import Person, near_relatives
from lianghui.presidium.models import Decision, Subject


def fix_candidates(
    election: Election, person_ids, decision: Decision | int | None, actor
) -> list[Candidate]:
    """The presidium fixes the slate (LOL 27), in surname stroke order as on the ballot, by
    its adopted decision (``decision``, a Decision or its id) naming exactly these persons.

    When a preliminary election (预选) was held, the list is the one its result gives, in
    order of votes (LOL 27 ¶2); when more were nominated than the method allows and none was
    held, the presidium cannot cut the list itself.
    """
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked_in(election.pk, ElectionState.DRAFT)
        cited = _presidium_decision(election, decision, Subject.CANDIDATES, actor)
        nominated = _deliberated_nominees(election)
        person_ids = list(dict.fromkeys(person_ids))
        _check_list(election, person_ids, nominated, cited)
        check = _check_slate(election, person_ids, nominated)
        people = sorted(Person.objects.filter(pk__in=person_ids), key=lambda p: (p.strokes, p.pk))
        Candidate.objects.bulk_create(
            [Candidate(election=election, person=p, order=i) for i, p in enumerate(people, start=1)]
        )
        election.state = ElectionState.FIXED
        election.slate_decision = cited.text
        election.candidates_decision = cited
        if not election.by_election:
            # A regular election is contested exactly when the slate has more names than seats.
            election.contested = len(people) > election.seats
        election.save(update_fields=["state", "slate_decision", "candidates_decision", "contested"])
        record(
            "elections.candidates_fixed",
            election,
            actor=actor,
            data={
                "candidates": [p.pk for p in people],
                "decision": cited.text,
                "presidium_decision": cited.pk,
                "check": check.reason,
            },
        )
    return list(election.candidates.select_related("person"))


def _check_list(election: Election, person_ids: list[int], nominated: list[int], cited) -> None:
    """The list against the nominations, the preliminary election if one was held (LOL 27
    ¶2) and the presidium's decision, which must name exactly it."""
    held = preliminary_outcome(election)
    if held is not None and held["pending"]:
        raise refusal(
            "preliminary_pending",
            "预选尚未完成（尚未计票，或须就末位票数相等的人再次预选），"
            "不能确定正式候选人名单（地方组织法第二十七条）。",
        )
    stray = set(person_ids) - set(nominated)
    if stray:
        raise refusal("not_nominated", "候选人须从依法提名的人中确定。", 422)
    _refuse_non_delegates(election, person_ids)
    # A by-election's method is the congress's (LOL 30): no preliminary is required, and
    # the presidium's cited decision on the candidates (checked below) shortens it.
    too_many = not election.by_election and rules.preliminary_election_needed(
        election.office.kind, election.seats, len(nominated), election.surplus
    )
    if held is None and too_many and len(person_ids) < len(nominated):
        raise refusal(
            "preliminary_needed",
            "提名人数超过选举办法规定的差额，应进行预选（LOL 27），不能由主席团直接删减。",
        )
    if held is not None and set(person_ids) != set(held["kept"]):
        raise refusal(
            "preliminary_order",
            f"依照地方组织法第二十七条，正式候选人名单根据预选得票多少的顺序确定，"
            f"应为{_names(held['kept'])}。",
            422,
        )
    if set(person_ids) != set(cited.persons):
        raise refusal(
            "presidium_decision_persons",
            f"依照地方组织法第二十七条，正式候选人名单由主席团决定；所引用的决定确定的是"
            f"{_names(cited.persons)}，与{_names(person_ids) or '此名单'}不符。",
            422,
        )


def _check_slate(election: Election, person_ids: list[int], nominated: list[int]):
    """The contest rule for the office (LOL 27, 30; EL 31), and no counting officer who is a
    candidate or a near relative of one (EL 43)."""
    check = rules.check_slate(
        election.office.kind,
        election.seats,
        person_ids,
        by_election=election.by_election,
        by_election_contested=election.contested if election.by_election else None,
        surplus=election.surplus
        if election.contested
        else (0 if not election.by_election else None),
        nominated=len(nominated),
    )
    if not check:
        raise refusal("slate", check.reason, 422)
    officers = set(election.officers.values_list("person_id", flat=True))
    conflicts = officers & (set(person_ids) | near_relatives(person_ids))
    if conflicts:
        raise refusal("officer_conflict", "监票人、计票人中有候选人或其近亲属，请先更换（EL 43）。")
    return check


def appoint_officer(
    election: Election, person: Person, role: str, actor, *, user=None
) -> CountingOfficer:
    """Scrutineers (chosen by the delegates) and clerks; no candidate or near relative (EL 43)."""
    _require_presidium(actor, election.meeting)
    if role not in OfficerRole.values:
        raise refusal("bad_role", "未知的职责。", 422)
    _state(election, ElectionState.DRAFT, ElectionState.FIXED)
    candidates = set(election.candidates.values_list("person_id", flat=True)) | set(
        election.nominations.filter(withdrawn=False).values_list("person_id", flat=True)
    )
    if person.pk in candidates:
        raise refusal(
            "is_candidate", f"{person.name} 是候选人，不能担任监票人或计票人（EL 43）。", 422
        )
    if person.pk in near_relatives(candidates):
        raise refusal(
            "near_relative",
            f"{person.name} 是候选人的近亲属，不能担任监票人或计票人（EL 43）。",
            422,
        )
    if role == OfficerRole.CLERK and user is None:
        raise refusal(
            "clerk_account", f"计票人须有录入选票的账号，请先为 {person.name} 开设账号。", 422
        )
    if role in (OfficerRole.CHIEF, OfficerRole.SCRUTINEER) and person.pk not in set(
        delegates_of(election)
    ):
        raise refusal(
            "not_delegate", f"监票人由代表推选，{person.name} 不是本级人大代表（EL 43）。", 422
        )
    try:
        with transaction.atomic():
            officer = CountingOfficer.objects.create(
                election=election, person=person, role=role, user=user
            )
            record(
                "elections.officer_appointed",
                election,
                actor=actor,
                data={"person": person.pk, "role": role},
            )
    except IntegrityError:
        raise refusal(
            "officer_exists", f"{person.name} 已担任本次选举的监票或计票工作，或总监票人已确定。"
        ) from None
    return officer
