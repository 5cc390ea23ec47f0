"""Setting an election up and nominating (LOL 26): by the presidium on its decision, or
jointly by delegates; withdrawing a nomination on a written request."""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.elections import catalogue, rules
from lianghui.elections.actions._base import (
    _locked_in,
    _presidium_decision,
    _refuse_non_delegates,
    _require_presidium,
    delegates_of,
    joint_nomination_minimum,
)
from lianghui.elections.models import (
    Election,
    ElectionMode,
    ElectionState,
    Nomination,
    Office,
    WithdrawalBy,
)
from lianghui.errors import refusal
from lianghui.people.models import OrgKind, Person
from lianghui.presidium.models import Decision, Subject
from lianghui.sessions.models import Meeting


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
        raise refusal("bad_item", "该议程不属于本次会议。", 422)
    if office.body_id != meeting.session.term.body_id:
        raise refusal("wrong_body", "该职务不由本次会议选举。", 422)
    if seats < 1:
        raise refusal("bad_seats", "应选名额至少为 1 名。", 422)
    body = meeting.session.term.body
    if body.kind == OrgKind.CONGRESS:
        not_here = catalogue.office_refusal(office.code, body.level)
        if not_here:
            raise refusal("office_not_elected_here", not_here, 422)
    if mode not in ElectionMode.values:
        raise refusal("bad_mode", "未知的投票方式。", 422)
    if surplus is not None and not by_election and contested:
        low, high = rules.surplus_range(office.kind, seats)
        if not low <= surplus <= high:
            raise refusal(
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
        election = _locked_in(election.pk, ElectionState.DRAFT)
        if by_presidium == bool(signer_ids):
            raise refusal("nominator", "提名须由主席团提出，或由代表联名提出（二者选一）。", 422)
        delegates = set(delegates_of(election))
        _refuse_non_delegates(election, [person.pk])
        cited = None
        if by_presidium:
            cited = _presidium_decision(election, decision, Subject.NOMINATION, actor)
            if person.pk not in cited.persons:
                raise refusal(
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
                raise refusal("joint_nomination", check.reason, 422)
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
            raise refusal("nomination_limit", limit.reason, 422)
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
        raise refusal("reason_required", "请填写撤回提名的理由（书面请求）。", 422)
    if by not in WithdrawalBy.values:
        raise refusal("bad_requester", "撤回提名须由被提名人或提名人书面提出。", 422)
    with transaction.atomic():
        election = _locked_in(nomination.election_id, ElectionState.DRAFT)
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=nomination.pk)
        )
        if nomination.withdrawn:
            raise refusal("already_withdrawn", f"对 {nomination.person.name} 的提名已经撤回。")
        signers = sorted(nomination.signers.values_list("pk", flat=True))
        if by == WithdrawalBy.NOMINATORS and not nomination.by_presidium:
            missing = set(signers) - {int(p) for p in requested_by}
            if missing:
                names = "、".join(
                    Person.objects.filter(pk__in=missing)
                    .order_by("pk")
                    .values_list("name", flat=True)
                )
                raise refusal(
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
