"""Election actions, from nomination to the published result (LOL 26–30, EL 40–46).

Each action checks permission and state, applies the pure rules (slate.py, count.py),
writes, records its audit event in the same transaction, and pushes after commit.
"""

import logging
from dataclasses import asdict
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from lianghui.attendance.models import Capacity, CheckIn
from lianghui.attendance.queries import quorum_for
from lianghui.audit.log import record
from lianghui.ballots import ballot as ballot_crypto
from lianghui.elections import catalogue, encrypted, preliminary, rules
from lianghui.elections.models import (
    Batch,
    Candidate,
    CountingOfficer,
    Election,
    ElectionMode,
    ElectionState,
    ElectionVoter,
    EncryptedElectionBallot,
    FinalBallot,
    KeyedBallot,
    Nomination,
    Office,
    OfficerRole,
    RoundKind,
    WithdrawalBy,
)
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.access import person_of
from lianghui.people.models import Membership, OrgKind, Person, near_relatives
from lianghui.presidium import actions as presidium
from lianghui.presidium.models import Decision, Subject
from lianghui.scrutiny import actions as scrutiny
from lianghui.scrutiny.models import DecryptionRequest
from lianghui.sessions import live
from lianghui.sessions.access import can_chair
from lianghui.sessions.models import Meeting
from lianghui.votes import secrecy

log = logging.getLogger(__name__)

JOINT_NOMINATION_MINIMUM = 10  # LOL 26: ten or more delegates at county level (see catalogue)
NEW_TERM_DELIBERATION = timedelta(days=2)  # LOL 27


def _require_presidium(user, meeting: Meeting):
    # The presidium's decisions are entered by the secretariat or the presiding officers.
    if not can_chair(user, meeting):
        raise PermissionDenied("只有主席团（会务组或会议主持人）可以执行此操作。")


def _refuse(code, message, status=409):
    return ActionError(code, message, status=status)


def _presidium_decision(election: Election, decision, subject: str, actor) -> Decision:
    """The adopted decision of this session's presidium, on this election, that an action
    "by the presidium" relies on (LOL 26 nominations, LOL 27 the candidates list, EL 46
    validity); refused with the article otherwise. ``decision``: a Decision or its id."""
    cited = presidium.cite(
        getattr(decision, "pk", decision),
        session=election.meeting.session,
        subject=subject,
        actor=actor,
    )
    if cited.election_id != election.pk:
        raise _refuse(
            "presidium_decision_other_election",
            f"所引用的主席团决定是关于另一项选举的，不是对本次选举（{election}）作出的。",
            422,
        )
    return cited


def _names(person_ids) -> str:
    return "、".join(
        Person.objects.filter(pk__in=person_ids).order_by("pk").values_list("name", flat=True)
    )


def _locked(election_id: int) -> Election:
    return (
        Election.objects.select_for_update(of=("self",))
        .select_related("office", "meeting__session__term__body")
        .get(pk=election_id)
    )


def _state(election: Election, *allowed: str):
    if election.state not in allowed:
        with translation.override("zh-hans"):  # the API's messages are Chinese
            labels = "、".join(str(ElectionState(s).label) for s in allowed)
            current = election.get_state_display()
        raise _refuse("bad_state", f"选举当前为“{current}”，此操作只能在“{labels}”时进行。")


def joint_nomination_minimum(election: Election) -> int:
    """LOL 26: 10 delegates at county level, 20 in a city with districts, 30 in a province;
    EL 30: 10 for deputies to the congress above. A CPPCC body: 10, as before."""
    body = election.office.body
    if body.kind != OrgKind.CONGRESS:
        return JOINT_NOMINATION_MINIMUM
    return catalogue.joint_nomination_minimum(body.level, election.office.code)


def _refuse_non_delegates(election: Election, person_ids) -> None:
    """LOL 47: the standing committee's officers are elected from among the delegates."""
    if not election.office.delegate_only:
        return
    strangers = set(person_ids) - set(delegates_of(election))
    if strangers:
        names = "、".join(
            Person.objects.filter(pk__in=strangers).order_by("pk").values_list("name", flat=True)
        )
        raise _refuse("not_delegate", catalogue.delegate_refusal(election.office.code, names), 422)


def delegates_of(election: Election):
    """Person ids of the body's delegates in office on the meeting's day."""
    return Membership.objects.voting_in(
        election.office.body, election.meeting.local_day
    ).values_list("person_id", flat=True)


# --- setting up -------------------------------------------------------------------------


def create_election(
    meeting: Meeting,
    office: Office,
    seats: int,
    actor,
    *,
    by_election: bool = False,
    contested: bool = True,
    surplus: int | None = None,
    write_in_only_beside_no: bool = False,
    mode: str = ElectionMode.PAPER,
    new_term: bool = False,
    item=None,
) -> Election:
    _require_presidium(actor, meeting)
    if item is not None and item.meeting_id != meeting.pk:
        raise _refuse("bad_item", "该议程不属于本次会议。", 422)
    if office.body_id != meeting.session.term.body_id:
        raise _refuse("wrong_body", "该职务不由本次会议选举。", 422)
    if seats < 1:
        raise _refuse("bad_seats", "应选名额至少为 1 名。", 422)
    body = meeting.session.term.body
    if body.kind == OrgKind.CONGRESS:
        refusal = catalogue.office_refusal(office.code, body.level)
        if refusal:
            raise _refuse("office_not_elected_here", refusal, 422)
    if mode not in ElectionMode.values:
        raise _refuse("bad_mode", "未知的投票方式。", 422)
    if surplus is not None and not by_election and contested:
        low, high = rules.surplus_range(office.kind, seats)
        if not low <= surplus <= high:
            raise _refuse(
                "bad_surplus",
                f"选举办法规定的差额数 {surplus} 名不在法定范围 {low}—{high} 名之内（LOL 27）。",
                422,
            )
    with transaction.atomic():
        election = Election.objects.create(
            meeting=meeting,
            office=office,
            seats=seats,
            by_election=by_election,
            contested=contested,
            surplus=surplus,
            write_in_only_beside_no=write_in_only_beside_no,
            mode=mode,
            new_term=new_term,
            item=item,
            nominations_open_at=timezone.now(),
            created_by=actor,
        )
        record(
            "elections.created",
            election,
            actor=actor,
            data={"office": office.title, "seats": seats},
        )
    return election


def nominate(
    election: Election,
    person: Person,
    actor,
    *,
    by_presidium: bool,
    signer_ids=(),
    decision: Decision | int | None = None,
) -> Nomination:
    """LOL 26: by the presidium, or jointly in writing by ten or more delegates; neither may
    nominate more people than seats, across all the nominations they sign. A nomination by
    the presidium cites the presidium's adopted decision naming this election and person."""
    _require_presidium(actor, election.meeting)
    signer_ids = sorted(set(signer_ids))
    with transaction.atomic():
        election = _locked(election.pk)
        _state(election, ElectionState.DRAFT)
        if by_presidium == bool(signer_ids):
            raise _refuse("nominator", "提名须由主席团提出，或由代表联名提出（二者选一）。", 422)
        delegates = set(delegates_of(election))
        _refuse_non_delegates(election, [person.pk])
        cited = None
        if by_presidium:
            cited = _presidium_decision(election, decision, Subject.NOMINATION, actor)
            if person.pk not in cited.persons:
                raise _refuse(
                    "presidium_decision_persons",
                    f"依照地方组织法第二十六条，主席团提名须有主席团的决定；所引用的决定"
                    f"没有提名{person.name}。",
                    422,
                )
        if not by_presidium:
            check = rules.joint_nomination_ok(
                signer_ids, joint_nomination_minimum(election), delegates=delegates
            )
            if not check:
                raise _refuse("joint_nomination", check.reason, 422)
        existing = [
            (
                n.person_id,
                [rules.PRESIDIUM]
                if n.by_presidium
                else list(n.signers.values_list("pk", flat=True)),
            )
            for n in election.nominations.filter(withdrawn=False).prefetch_related("signers")
        ]
        existing.append((person.pk, [rules.PRESIDIUM] if by_presidium else signer_ids))
        names = dict(Person.objects.filter(pk__in=signer_ids).values_list("pk", "name"))
        limit = rules.nomination_limit_ok(rules.by_nominator(existing), election.seats, names=names)
        if not limit:
            raise _refuse("nomination_limit", limit.reason, 422)
        nomination = Nomination.objects.create(
            election=election,
            person=person,
            by_presidium=by_presidium,
            decision=cited,
            recorded_by=actor,
        )
        if signer_ids:
            nomination.signers.set(signer_ids)
        record(
            "elections.nominated",
            election,
            actor=actor,
            data={
                "person": person.pk,
                "by_presidium": by_presidium,
                "signers": signer_ids,
                "decision": cited.pk if cited else None,
            },
        )
    return nomination


def withdraw_nomination(
    nomination: Nomination, reason: str, actor, *, by: str, requested_by=()
) -> Nomination:
    """Withdraw a nomination before the presidium fixes the candidates, on a written request.

    The law has no article on withdrawing a nomination; the reading here:
    - by="nominee": the nominee declines. One who is nominated must accept to stand (EL 30:
      "接受推荐的代表候选人" gives the particulars), so the nominee's own request is enough,
      whoever nominated them.
    - by="nominators": a presidium nomination is the presidium's own decision and is withdrawn
      by it. A joint nomination is ONE act of all its signers ("书面联名", LOL 26), so it is
      withdrawn only on the written request of every signer, as a joint suggestion is
      "经代表一致要求可以撤回" (上海市关于代表建议的规定 第十条第二款) and a motion on its
      movers' request (LOL 22, DL 15). `requested_by`: the person ids whose written requests the secretariat holds; a
      missing signer is refused and named. One signer alone cannot undo what ten signed.
    The nomination is kept, marked withdrawn with the request and the reason: it is no longer
    offered to fix_candidates nor counted against any nominator's LOL 26 limit.
    """
    _require_presidium(actor, nomination.election.meeting)
    reason = (reason or "").strip()
    if not reason:
        raise _refuse("reason_required", "请填写撤回提名的理由（书面请求）。", 422)
    if by not in WithdrawalBy.values:
        raise _refuse("bad_requester", "撤回提名须由被提名人或提名人书面提出。", 422)
    with transaction.atomic():
        election = _locked(nomination.election_id)
        _state(election, ElectionState.DRAFT)
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=nomination.pk)
        )
        if nomination.withdrawn:
            raise _refuse("already_withdrawn", f"对 {nomination.person.name} 的提名已经撤回。")
        signers = sorted(nomination.signers.values_list("pk", flat=True))
        if by == WithdrawalBy.NOMINATORS and not nomination.by_presidium:
            missing = set(signers) - {int(p) for p in requested_by}
            if missing:
                names = "、".join(
                    Person.objects.filter(pk__in=missing)
                    .order_by("pk")
                    .values_list("name", flat=True)
                )
                raise _refuse(
                    "signers_missing",
                    f"代表联名提名须经全体联名代表书面要求才能撤回，尚缺：{names}。",
                    422,
                )
        nomination.withdrawn = True
        nomination.withdrawn_at = timezone.now()
        nomination.withdrawn_on_request_of = by
        nomination.withdrawn_reason = reason
        nomination.withdrawn_by = actor
        nomination.save(
            update_fields=[
                "withdrawn",
                "withdrawn_at",
                "withdrawn_on_request_of",
                "withdrawn_reason",
                "withdrawn_by",
            ]
        )
        record(
            "elections.nomination_withdrawn",
            election,
            actor=actor,
            data={
                "nomination": nomination.pk,
                "person": nomination.person_id,
                "by_presidium": nomination.by_presidium,
                "signers": signers,
                "on_request_of": by,
                "reason": reason,
            },
        )
    return nomination


def _deliberated_nominees(election: Election) -> list[int]:
    """The standing nominees, once the delegates have had the time to deliberate on them:
    at least two days at a new term's elections (LOL 27)."""
    if election.new_term and timezone.now() - election.nominations_open_at < NEW_TERM_DELIBERATION:
        raise _refuse("too_early", "换届选举的提名、酝酿时间不得少于两天（LOL 27）。")
    return list(
        dict.fromkeys(
            election.nominations.filter(withdrawn=False).values_list("person_id", flat=True)
        )
    )


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
        election = _locked(election.pk)
        _state(election, ElectionState.DRAFT)
        cited = _presidium_decision(election, decision, Subject.CANDIDATES, actor)
        nominated = _deliberated_nominees(election)
        held = preliminary_outcome(election)
        if held is not None and held["pending"]:
            raise _refuse(
                "preliminary_pending",
                "预选尚未完成（尚未计票，或须就末位票数相等的人再次预选），"
                "不能确定正式候选人名单（地方组织法第二十七条）。",
            )
        person_ids = list(dict.fromkeys(person_ids))
        stray = set(person_ids) - set(nominated)
        if stray:
            raise _refuse("not_nominated", "候选人须从依法提名的人中确定。", 422)
        _refuse_non_delegates(election, person_ids)
        # A by-election's method is the congress's (LOL 30): no preliminary is required, and
        # the presidium's cited decision on the candidates (above) is what shortens the list.
        too_many = not election.by_election and rules.preliminary_election_needed(
            election.office.kind, election.seats, len(nominated), election.surplus
        )
        if held is None and too_many and len(person_ids) < len(nominated):
            raise _refuse(
                "preliminary_needed",
                "提名人数超过选举办法规定的差额，应进行预选（LOL 27），不能由主席团直接删减。",
            )
        if held is not None and set(person_ids) != set(held["kept"]):
            raise _refuse(
                "preliminary_order",
                f"依照地方组织法第二十七条，正式候选人名单根据预选得票多少的顺序确定，"
                f"应为{_names(held['kept'])}。",
                422,
            )
        if set(person_ids) != set(cited.persons):
            raise _refuse(
                "presidium_decision_persons",
                f"依照地方组织法第二十七条，正式候选人名单由主席团决定；所引用的决定确定的是"
                f"{_names(cited.persons)}，与{_names(person_ids) or '此名单'}不符。",
                422,
            )
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
            raise _refuse("slate", check.reason, 422)
        officers = set(election.officers.values_list("person_id", flat=True))
        conflicts = officers & (set(person_ids) | near_relatives(person_ids))
        if conflicts:
            raise _refuse(
                "officer_conflict", "监票人、计票人中有候选人或其近亲属，请先更换（EL 43）。"
            )
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


# --- the preliminary election (预选, LOL 27 ¶2; EL 31–32) ------------------------------------


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
        election = _locked(election.pk)
        _state(election, ElectionState.DRAFT)
        if election.round_kind == RoundKind.PRELIMINARY:
            raise _refuse("preliminary_of_preliminary", "预选本身不再进行预选。")
        cited = _presidium_decision(election, decision, Subject.PRELIMINARY, actor)
        nominated = _deliberated_nominees(election)
        size = rules.preliminary_list_size(
            election.office.kind, election.seats, election.surplus, contested=election.contested
        )
        if len(nominated) <= size:
            raise _refuse(
                "preliminary_not_needed",
                f"提名 {len(nominated)} 人，未超过选举办法规定的 {size} 人，"
                "由主席团提交代表酝酿、讨论后直接确定候选人，不进行预选（地方组织法第二十七条）。",
            )
        if _preliminary_rounds(election).exists():
            raise _refuse("preliminary_exists", "本次选举已安排预选。")
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
            raise _refuse("not_preliminary", "这不是预选。")
        _state(round_, ElectionState.COUNTED)
        outcome = round_.result["preliminary"]
        if not outcome["tied"]:
            raise _refuse("no_tie", "预选末位没有票数相等的人，无须再次预选。")
        if _preliminary_rounds(round_).exists():
            raise _refuse("preliminary_exists", "再次预选已经安排。")
        again = _new_preliminary(round_, round_, outcome["tied"], outcome["places"], actor)
        record(
            "elections.preliminary_revote",
            again,
            actor=actor,
            data={"previous": round_.pk, "tied": outcome["tied"], "places": outcome["places"]},
        )
    return again


def appoint_officer(
    election: Election, person: Person, role: str, actor, *, user=None
) -> CountingOfficer:
    """Scrutineers (chosen by the delegates) and clerks; no candidate or near relative (EL 43)."""
    _require_presidium(actor, election.meeting)
    if role not in OfficerRole.values:
        raise _refuse("bad_role", "未知的职责。", 422)
    _state(election, ElectionState.DRAFT, ElectionState.FIXED)
    candidates = set(election.candidates.values_list("person_id", flat=True)) | set(
        election.nominations.filter(withdrawn=False).values_list("person_id", flat=True)
    )
    if person.pk in candidates:
        raise _refuse(
            "is_candidate", f"{person.name} 是候选人，不能担任监票人或计票人（EL 43）。", 422
        )
    if person.pk in near_relatives(candidates):
        raise _refuse(
            "near_relative",
            f"{person.name} 是候选人的近亲属，不能担任监票人或计票人（EL 43）。",
            422,
        )
    if role == OfficerRole.CLERK and user is None:
        raise _refuse(
            "clerk_account", f"计票人须有录入选票的账号，请先为 {person.name} 开设账号。", 422
        )
    if role in (OfficerRole.CHIEF, OfficerRole.SCRUTINEER) and person.pk not in set(
        delegates_of(election)
    ):
        raise _refuse(
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
        raise _refuse(
            "officer_exists", f"{person.name} 已担任本次选举的监票或计票工作，或总监票人已确定。"
        ) from None
    return officer


# --- voting -----------------------------------------------------------------------------


def open_election(election: Election, actor) -> Election:
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked(election.pk)
        _state(election, ElectionState.FIXED)
        quorum = quorum_for(election.meeting)
        if not quorum.reached:
            raise _refuse("no_quorum", f"{quorum.sentence}不能进行选举（LOL 14）。")
        fields = ["members_total", "entitled", "issued", "opened_at", "state"]
        if election.mode == ElectionMode.ELECTRONIC:
            # Every election is by secret ballot (EL 40, LOL 29): electronic ballots are
            # encrypted under the scrutineers' key, so there must be one first.
            key = scrutiny.ready_key(election.meeting)
            if key is None:
                raise _refuse(
                    "no_tally_key",
                    "选举采用无记名投票（选举法第四十条），电子选票须用监票人的计票密钥加密："
                    "请先由监票人完成本次会议的计票密钥仪式、发布计票公钥，再开始电子投票；"
                    "也可以改用纸质选票。",
                )
            election.tally_key = key
            names = election.candidates.order_by("order").values_list("person__name", flat=True)
            election.definition = encrypted.definition_for(election, key, list(names))
            fields += ["tally_key", "definition"]
        election.members_total = quorum.total
        election.entitled = quorum.present
        election.issued = quorum.present  # a ballot to each delegate checked in
        election.opened_at = timezone.now()
        election.state = ElectionState.OPEN
        election.save(update_fields=fields)
        record(
            "elections.opened",
            election,
            actor=actor,
            data={
                "members_total": quorum.total,
                "issued": quorum.present,
                "encrypted": election.definition is not None,
            },
        )
    live.meeting_changed(election.meeting_id)
    return election


def _candidate_ids(election: Election) -> list[int]:
    return list(election.candidates.order_by("order").values_list("person_id", flat=True))


def eligible_write_ins(election: Election) -> set[int] | None:
    """Who may be written in (另选他人, LOL 28): for the standing committee's officers (主任、
    副主任、秘书长、委员, LOL 47) the body's delegates; for other offices anyone (None)."""
    if election.office.write_ins_members_only:
        return set(delegates_of(election))
    return None


def check_entry(election: Election, content: dict, candidates=None, eligible="unset") -> dict:
    """Refuse, at entry, what cannot be a ballot of this election (a mark for someone not on
    the slate, an unknown mark, a write-in of a person who may not be written in)."""
    candidates = candidates if candidates is not None else _candidate_ids(election)
    eligible = eligible_write_ins(election) if eligible == "unset" else eligible
    marks = content.get("marks") or {}
    if not isinstance(marks, dict):
        raise _refuse("bad_ballot", "选票内容格式有误。", 422)
    clean = {}
    for key, mark in marks.items():
        try:
            pid = int(key)
        except (TypeError, ValueError):
            raise _refuse("bad_ballot", "选票内容格式有误。", 422) from None
        if pid not in candidates:
            raise _refuse(
                "not_on_slate", "选票上标记了不在候选人名单上的人，请核对后重新录入。", 422
            )
        if mark not in (None, "", "yes", "no", "abstain"):
            raise _refuse("bad_mark", "标记只能是赞成、反对、弃权或空白。", 422)
        if mark:
            clean[str(pid)] = mark
    write_ins = []
    if content.get("write_ins") and election.round_kind == RoundKind.PRELIMINARY:
        raise _refuse(
            "write_in_preliminary",
            "预选只就提名的人投票，不能另选他人（地方组织法第二十七条）。",
            422,
        )
    for raw in content.get("write_ins") or []:
        try:
            pid = int(raw)
        except (TypeError, ValueError):
            raise _refuse("bad_ballot", "另选人格式有误。", 422) from None
        if pid in candidates:
            raise _refuse("write_in_on_slate", "另选他人不能填写候选人本人。", 422)
        if eligible is not None and pid not in eligible:
            raise _refuse(
                "write_in_not_eligible",
                "另选的人不是可以当选的人员（如常委会委员须为本级人大代表）。",
                422,
            )
        write_ins.append(pid)
    if write_ins and Person.objects.filter(pk__in=write_ins).count() != len(set(write_ins)):
        raise _refuse("write_in_unknown", "另选的人不存在。", 422)
    return {"marks": clean, "write_ins": write_ins, "void": bool(content.get("void"))}


def _refuse_ballot(code: str, message: str, status: int = 422, **fields) -> ActionError:
    # A refused ballot is logged (never its content, only what was wrong and where).
    log.warning("election ballot refused: %s %s", code, fields)
    return ActionError(code, message, status=status)


def cast_electronic(
    election_id: int, person: Person, ballot, client_token: str, actor, write_ins=()
) -> str:
    """An encrypted electronic ballot, made on the delegate's device; its tracker is the receipt.

    Every proof is checked before anything is written (BallotError → a Chinese 422 naming the
    problem, logged, nothing stored). One ballot per delegate: a retry of the same ballot
    (a lost answer) gets the same receipt; another ballot is refused.
    """
    if person is None or person_of(actor) is None or person_of(actor).pk != person.pk:
        raise PermissionDenied("只能由代表本人投票。")
    if not secrecy.valid_token(client_token or ""):
        raise _refuse("bad_token", "投票请求缺少有效的设备令牌，请刷新页面后重试。", 422)
    election = Election.objects.select_related("office", "meeting").filter(pk=election_id).first()
    if election is None:
        raise _refuse("not_found", "未找到该选举。", 404)
    if election.mode != ElectionMode.ELECTRONIC:
        raise _refuse("not_electronic", "本次选举使用纸质选票。")
    _state(election, ElectionState.OPEN)
    if write_ins:
        raise _refuse_ballot(
            "write_in_on_paper",
            "电子选票是加密的，另选的姓名无法加密合计，所以电子选票不能另选他人。"
            "如要另选他人（选举法第四十条），请向主席团说明，改用纸质选票投票。",
            election=election.pk,
        )
    if ballot is None:
        raise _refuse_ballot(
            "ballot_required",
            "电子选票须在您的设备上加密后提交，不能提交未加密的选择。请刷新选票页面后重试。",
            election=election.pk,
        )
    try:
        tracker = encrypted.check(election, person.pk, ballot)
    except ballot_crypto.BallotError as exc:
        raise _refuse_ballot(f"ballot_{exc.code}", exc.message, election=election.pk) from exc
    with transaction.atomic():
        election = _locked(election.pk)  # serialises with the close; elections are not a hot path
        _state(election, ElectionState.OPEN)
        if not CheckIn.objects.filter(
            meeting_id=election.meeting_id,
            person=person,
            capacity=Capacity.VOTING,
            at__lte=election.opened_at,
        ).exists():
            raise _refuse(
                "not_entitled", "您未在投票开始前签到出席本次会议，不能参加本次选举。", 403
            )
        # Who has voted is the ElectionVoter row (by person, whatever the index: it survives
        # a change of the server's key); a retry sends the very same ballot again.
        if ElectionVoter.objects.filter(election=election, person=person).exists():
            if EncryptedElectionBallot.objects.filter(election=election, tracker=tracker).exists():
                return tracker  # a retry of the same ballot
            raise _refuse("already_voted", "您已经投过票，不能重复投票。")
        voter = encrypted.voter_index(election.pk, person.pk)
        ElectionVoter.objects.create(
            election=election,
            person=person,
            token_hash=secrecy.voter_hash(election.pk, client_token),
        )
        EncryptedElectionBallot.objects.create(
            election=election, voter=voter, ballot=ballot, tracker=tracker
        )
        election.encrypted_tally = encrypted.add_to_tally(election, ballot)
        election.save(update_fields=["encrypted_tally"])
        # Says that the delegate voted, nothing of the ballot (not even its tracker).
        record("elections.ballot_cast", election, actor=actor, data={"person": person.pk}, hot=True)
    live.meeting_changed(election.meeting_id, urgent=False)
    return tracker


def close_voting(election: Election, actor) -> Election:
    """Electronic: the ciphertexts are added and only their sums go to the scrutineers'
    devices (a decryption request); once k have answered, the count runs by itself."""
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked(election.pk)
        _state(election, ElectionState.OPEN)
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


def decryption_request(election: Election) -> DecryptionRequest | None:
    if election.definition is None:
        return None
    return DecryptionRequest.objects.filter(subject=encrypted.subject(election)).first()


def add_partial_decryption(election_id: int, user, message: dict) -> Election:
    """A scrutineer's device answers with its partial decryption of the totals: checked
    against its verification key and stored; with k of them the totals are known and the
    count runs on them (the same rules as for paper)."""
    with transaction.atomic():
        election = _locked(election_id)
        request = (
            DecryptionRequest.objects.select_for_update()
            .filter(subject=encrypted.subject(election))
            .first()
            if election.definition is not None
            else None
        )
        if request is None or election.state != ElectionState.CLOSED:
            raise _refuse_ballot(
                "not_decrypting", "该选举不在解密计票阶段。", 409, election=election.pk
            )
        request = scrutiny.add_partial(request, user, message)
        if request.counts is not None:
            _count_locked(election, None)
    live.meeting_changed(election.meeting_id)
    return election


def missing_trustees(election: Election) -> list[str]:
    """While an encrypted election waits for its decryption: who has not answered."""
    request = decryption_request(election) if election.state == ElectionState.CLOSED else None
    return scrutiny.missing_trustees(request) if request and request.counts is None else []


# --- paper ballots: the returned count and double entry ---------------------------------


def _signatures(election: Election, scrutineer_ids) -> list[str]:
    """The names of this election's scrutineers who sign a count, each once (EL 43)."""
    scrutineer_ids = list(scrutineer_ids)
    if len(set(scrutineer_ids)) != len(scrutineer_ids):
        raise _refuse("signatures", "同一监票人只能签字一次。", 422)
    scrutineers = dict(
        election.officers.filter(role__in=[OfficerRole.CHIEF, OfficerRole.SCRUTINEER]).values_list(
            "person_id", "person__name"
        )
    )
    signed = [scrutineers[p] for p in scrutineer_ids if p in scrutineers]
    if not signed or len(signed) != len(scrutineer_ids):
        raise _refuse("signatures", "须由本次选举的监票人签字确认。", 422)
    return signed


def record_issued(election: Election, issued: int, scrutineer_ids, actor) -> Election:
    """The scrutineers record how many paper ballots were actually issued (EL 44 compares
    the ballots returned with those issued).

    At the opening the issued count is the delegates checked in; it can differ — a delegate
    who left before the ballot was handed out, or a spoiled ballot taken back and replaced —
    so the scrutineers may correct it while voting is open or closed, until the returned
    count is signed. It cannot exceed the delegates checked in now (a late arrival may get a
    ballot); electronic ballots are issued by the system, one per delegate present.
    """
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked(election.pk)
        _state(election, ElectionState.OPEN, ElectionState.CLOSED)
        if election.mode != ElectionMode.PAPER:
            raise _refuse("not_paper", "电子选票的发出数由系统统计。")
        if election.returned is not None:
            raise _refuse(
                "returned_recorded", "收回选票数已经登记，发出选票数不能再改（选举法第四十四条）。"
            )
        present = max(quorum_for(election.meeting).present, election.entitled or 0)
        if not 0 <= issued <= present:
            raise _refuse(
                "bad_issued",
                f"发出选票 {issued} 张不合理：出席会议的代表 {present} 人，"
                f"发出的选票不能多于出席人数（选举法第四十四条）。",
                422,
            )
        signed = _signatures(election, scrutineer_ids)
        before = election.issued
        election.issued = issued
        election.save(update_fields=["issued"])
        record(
            "elections.issued_recorded",
            election,
            actor=actor,
            data={"issued": issued, "before": before, "present": present, "signed": signed},
        )
    live.meeting_changed(election.meeting_id)
    return election


def record_returned(election: Election, returned: int, scrutineer_ids, actor) -> Election:
    """The scrutineers count the ballots returned and sign the record (EL 43)."""
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked(election.pk)
        _state(election, ElectionState.CLOSED)
        if election.mode != ElectionMode.PAPER:
            raise _refuse("not_paper", "电子选票的收回数由系统统计。")
        if returned < 0:
            raise _refuse("bad_returned", "收回选票数不能为负数。", 422)
        if election.batches.exists():
            raise _refuse("batches_exist", "已开始分批录入选票，收回数不能再改。")
        signed = _signatures(election, scrutineer_ids)
        election.returned = returned
        election.ballots_signed_by = signed
        election.save(update_fields=["returned", "ballots_signed_by"])
        record(
            "elections.returned_recorded",
            election,
            actor=actor,
            data={"issued": election.issued, "returned": returned, "signed": signed},
        )
    return election


def add_batch(election: Election, size: int, actor) -> Batch:
    _require_presidium(actor, election.meeting)
    with transaction.atomic():
        election = _locked(election.pk)
        _state(election, ElectionState.CLOSED)
        if election.returned is None:
            raise _refuse("no_returned", "请先登记收回选票数并由监票人签字。")
        keyed = sum(election.batches.values_list("size", flat=True))
        if size < 1 or keyed + size > election.returned:
            raise _refuse(
                "too_many_ballots",
                f"分批录入的选票共 {keyed + size} 张，多于收回的 {election.returned} 张。",
                422,
            )
        number = (election.batches.count() or 0) + 1
        batch = Batch.objects.create(election=election, number=number, size=size)
        record("elections.batch_added", election, actor=actor, data={"batch": number, "size": size})
    return batch


def _clerk(election: Election, actor) -> CountingOfficer:
    clerk = election.officers.filter(role=OfficerRole.CLERK, user=actor).first()
    if clerk is None:
        raise PermissionDenied("只有本次选举的计票人可以录入选票。")
    return clerk


def key_batch(batch: Batch, entry: int, ballots: list[dict], actor) -> int:
    """One clerk keys a whole batch (entry 1 or 2); the other entry must be another clerk's.

    All or nothing: any ballot refused at entry leaves the batch unkeyed for this entry.
    When both entries are in, agreeing ballots become final; differences wait for the
    scrutineers (resolve()). Returns the number of differences.
    """
    election = batch.election
    clerk = _clerk(election, actor)
    if entry not in (1, 2):
        raise _refuse("bad_entry", "录入遍次只能是第一遍或第二遍。", 422)
    if len(ballots) != batch.size:
        raise _refuse(
            "batch_size", f"本批应录入 {batch.size} 张选票，实际录入 {len(ballots)} 张。", 422
        )
    candidates = _candidate_ids(election)
    eligible = eligible_write_ins(election)
    with transaction.atomic():
        election = _locked(election.pk)
        _state(election, ElectionState.CLOSED)
        keyed = KeyedBallot.objects.filter(batch=batch).order_by().values_list("entry", "clerk_id")
        done = dict(keyed.distinct())
        if entry in done:
            raise _refuse(
                "entry_done", f"第 {batch.number} 批的第{'一' if entry == 1 else '二'}遍已经录入。"
            )
        if clerk.pk in done.values():
            raise _refuse("same_clerk", "同一批选票的两遍须由两名不同的计票人录入。")
        rows = []
        for i, ballot in enumerate(ballots, start=1):
            try:
                content = check_entry(election, ballot, candidates, eligible)
            except ActionError as e:
                raise _refuse(e.code, f"第 {i} 张：{e.message}", e.status) from None
            rows.append(
                KeyedBallot(batch=batch, entry=entry, clerk=clerk, index=i, content=content)
            )
        KeyedBallot.objects.bulk_create(rows)
        differences = _settle(batch) if len(done) == 1 else 0
        record(
            "elections.batch_keyed",
            election,
            actor=actor,
            data={"batch": batch.number, "entry": entry, "differences": differences},
        )
    return differences


def _canonical(content: dict) -> tuple:
    # The order in which a clerk keys the write-ins is not part of the ballot.
    marks = tuple(sorted(content["marks"].items()))
    return (marks, tuple(sorted(content["write_ins"])), content["void"])


def _settle(batch: Batch) -> int:
    first = {k.index: k.content for k in KeyedBallot.objects.filter(batch=batch, entry=1)}
    second = {k.index: k.content for k in KeyedBallot.objects.filter(batch=batch, entry=2)}
    agreed = [i for i in first if _canonical(first[i]) == _canonical(second[i])]
    FinalBallot.objects.bulk_create(
        [FinalBallot(batch=batch, index=i, content=first[i]) for i in agreed]
    )
    return len(first) - len(agreed)


def differences(batch: Batch) -> list[tuple[int, dict, dict]]:
    """(index, first entry, second entry) for ballots the two clerks keyed differently."""
    final = set(FinalBallot.objects.filter(batch=batch).values_list("index", flat=True))
    keyed = {}
    for k in KeyedBallot.objects.filter(batch=batch).exclude(index__in=final):
        keyed.setdefault(k.index, {})[k.entry] = k.content
    return [(i, e.get(1), e.get(2)) for i, e in sorted(keyed.items()) if len(e) == 2]


def resolve(batch: Batch, index: int, content: dict, actor) -> FinalBallot:
    """The scrutineers look at the paper ballot and say what it shows."""
    election = batch.election
    person = person_of(actor)
    is_scrutineer = (
        person is not None
        and election.officers.filter(
            person=person, role__in=[OfficerRole.CHIEF, OfficerRole.SCRUTINEER]
        ).exists()
    )
    if not (is_scrutineer or can_chair(actor, election.meeting)):
        raise PermissionDenied("只有监票人可以核定录入不一致的选票。")
    with transaction.atomic():
        election = _locked(election.pk)  # one resolver at a time; the count waits
        _state(election, ElectionState.CLOSED)
        if index not in {i for i, _, _ in differences(batch)}:
            raise _refuse("no_difference", "这张选票两遍录入一致、已经核定或尚未录完，无需核定。")
        content = check_entry(election, content)
        final = FinalBallot.objects.create(
            batch=batch, index=index, content=content, resolved_by_scrutineers=True
        )
        record(
            "elections.difference_resolved",
            election,
            actor=actor,
            data={"batch": batch.number, "index": index},
        )
    return final


# --- the count and the result -----------------------------------------------------------


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
            election = _locked(election.pk)
            _state(election, ElectionState.CLOSED)
            request = decryption_request(election)
            if request is not None and request.counts is None:
                missing = "、".join(scrutiny.missing_trustees(request))
                raise _refuse(
                    "awaiting_decryption",
                    f"电子选票的合计票数须由 {election.tally_key.threshold} 名监票人解密后才能计票；"
                    f"尚未解密的监票人：{missing}。请监票人打开计票密钥页面。",
                )
            _count_locked(election, actor)
        live.meeting_changed(election.meeting_id)
        return election
    with transaction.atomic():
        election = _locked(election.pk)
        _state(election, ElectionState.CLOSED)
        if election.returned is None:
            raise _refuse("no_returned", "请先登记收回选票数并由监票人签字。")
        if election.mode == ElectionMode.PAPER:
            keyed = sum(election.batches.values_list("size", flat=True))
            final = FinalBallot.objects.filter(batch__election=election).count()
            if keyed != election.returned or final != election.returned:
                raise _refuse(
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
        election = _locked(election.pk)
        _state(election, ElectionState.COUNTED)
        cited = _presidium_decision(election, decision, Subject.VALIDITY, actor)
        if cited.decided_at is None or cited.decided_at < election.closed_at:
            raise _refuse(
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
    result = election.result or {}
    if election.state == ElectionState.VOID:
        kind, ids, seats = RoundKind.AGAIN, _candidate_ids(election), election.seats
    elif election.state == ElectionState.PUBLISHED and result.get("revote"):
        kind, ids, seats = RoundKind.REVOTE, result["revote"], result["revote_seats"]
    elif election.state == ElectionState.PUBLISHED and result.get("unfilled"):
        kind, ids, seats = RoundKind.FURTHER, person_ids, result["unfilled"]
    else:
        raise _refuse("no_next_round", "本次选举无须再次投票或另行选举。")
    with transaction.atomic():
        election = _locked(election.pk)
        if election.next_rounds.exclude(round_kind=RoundKind.PRELIMINARY).exists():
            raise _refuse("next_round_exists", "本次选举的下一轮已经安排。")
        cited = _presidium_decision(election, decision, Subject.NEXT_ROUND, actor)
        closed = election.closed_at
        if cited.decided_at is None or (closed is not None and cited.decided_at < closed):
            raise _refuse(
                "presidium_decision_too_early",
                "依照地方组织法第二十九条，再次投票、另行选举的候选人由主席团在计票之后决定；"
                "所引用的决定作出于投票结束之前。",
                422,
            )
        if ids is None:
            ids = cited.persons
        ids = [int(p) for p in dict.fromkeys(ids)]
        if not ids or set(ids) != set(cited.persons):
            raise _refuse(
                "presidium_decision_persons",
                f"依照地方组织法第二十九条，{_next_round_words(kind)}的候选人由主席团决定；"
                f"所引用的决定确定的是{_names(cited.persons)}，"
                f"与{_names(ids) or '本轮应有的候选人'}不符。",
                422,
            )
        successor = Election.objects.create(
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
