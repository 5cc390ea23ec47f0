"""The presidium as a body: its members for a session, its decisions by its own vote.

A decision is proposed at a meeting of the body (a presidium meeting; a CPPCC's chairs'
meeting) and put to the vote there with the votes app's machinery (a Poll, usually by show
of hands, on the rule "more than half of all members"); once the vote is over the outcome
is recorded (settle) by rules.outcome, which also requires the two-thirds attendance of
沪议事规则 13 ¶2. Actions elsewhere that need "the presidium" cite an adopted decision by
reference (cite), and are refused without one.
"""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.errors import PermissionDenied, invalid, refusal
from lianghui.people.access import is_secretariat
from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role
from lianghui.presidium import rules
from lianghui.presidium.models import Decision, Subject
from lianghui.sessions.access import require_chair
from lianghui.sessions.models import Meeting, MeetingKind, Session
from lianghui.votes import actions as votes
from lianghui.votes.models import Mode, State

# The body that decides for a session, by the kind of the congress or committee.
BODY_KIND = {OrgKind.CONGRESS: OrgKind.PRESIDIUM, OrgKind.CPPCC: OrgKind.CHAIRS}
MEETING_KIND = {OrgKind.PRESIDIUM: MeetingKind.PRESIDIUM, OrgKind.CHAIRS: MeetingKind.CHAIRS}
WORD = {OrgKind.PRESIDIUM: "主席团", OrgKind.CHAIRS: "主席会议"}


def body_kind(session: Session) -> str:
    return BODY_KIND.get(session.term.body.kind, OrgKind.PRESIDIUM)


def word(session: Session) -> str:
    """主席团 for a congress session, 主席会议 for a CPPCC's."""
    return WORD[body_kind(session)]


def presidium_of(session: Session) -> Organisation | None:
    return Organisation.objects.filter(
        parent_id=session.term.body_id, kind=body_kind(session)
    ).first()


def member_memberships(session: Session):
    """The body's members serving at this session (memberships in force on its first day)."""
    return Membership.objects.active_on(session.start_date).filter(
        organisation__parent_id=session.term.body_id, organisation__kind=body_kind(session)
    )


def members(session: Session) -> list[Person]:
    ids = member_memberships(session).values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("pinyin", "pk"))


def set_members(session: Session, person_ids, actor) -> list[Person]:
    """Record the presidium elected at the preparatory meeting (LOL 17), or the CPPCC's 主席会议,
    for this session: memberships dated to the session. Its members are the body's own
    delegates or members in office; the list replaces the one recorded for the session."""
    if not is_secretariat(actor):
        raise PermissionDenied("只有会务组可以登记主席团成员。")
    person_ids = sorted({int(p) for p in person_ids})
    label = word(session)
    if not person_ids:
        raise invalid("no_members", f"请选择{label}成员。")
    body = session.term.body
    delegates = set(
        Membership.objects.voting_in(body, session.start_date).values_list("person_id", flat=True)
    )
    strangers = [p for p in person_ids if p not in delegates]
    if strangers:
        names = "、".join(
            Person.objects.filter(pk__in=strangers).order_by("pk").values_list("name", flat=True)
        ) or "、".join(str(p) for p in strangers)
        member = "委员" if body.kind == OrgKind.CPPCC else "代表"
        raise invalid(
            "not_member",
            f"{label}由本次会议的{member}组成（地方组织法第十七条），{names}不是本级{member}。",
        )
    with transaction.atomic():
        org = presidium_of(session)
        if org is None:
            org = Organisation.objects.create(
                kind=body_kind(session),
                name=f"{session.title}{label}",
                short_name=f"大会{label}" if label == "主席团" else label,
                parent=body,
            )
        before = set(member_memberships(session).values_list("person_id", flat=True))
        # Memberships dated to this session only are this session's presidium; others
        # (a standing 主席会议 of a CPPCC, dated by term) are left as they are.
        Membership.objects.filter(
            organisation=org, start=session.start_date, end=session.end_date
        ).exclude(person_id__in=person_ids).delete()
        for pid in person_ids:
            if pid not in before:
                Membership.objects.get_or_create(
                    person_id=pid,
                    organisation=org,
                    role=Role.GROUP_MEMBER,
                    start=session.start_date,
                    defaults={"end": session.end_date, "title": f"{label}成员"},
                )
        record(
            "presidium.members_set",
            session,
            actor=actor,
            data={"presidium": org.pk, "members": person_ids, "before": sorted(before)},
        )
    return members(session)


def _matter(subject: str, matter: dict | None) -> dict:
    """The structured content of a decision the election actions will compare with."""
    matter = dict(matter or {})
    clean: dict = {}
    if subject in rules.ELECTION_SUBJECTS:
        election = matter.get("election")
        if not isinstance(election, int) or isinstance(election, bool) or election < 1:
            raise invalid("election_required", "请指明该决定所涉及的选举。")
        clean["election"] = election
    if subject in rules.PERSON_SUBJECTS:
        persons = matter.get("persons") or []
        if not persons or not all(isinstance(p, int) and not isinstance(p, bool) for p in persons):
            raise invalid("persons_required", "请列出该决定所提名或确定的人选。")
        clean["persons"] = sorted(set(persons))
    if subject == rules.Subject.AGENDA and matter.get("meetings"):
        meetings = matter["meetings"]
        if not isinstance(meetings, list) or not all(
            isinstance(m, int) and not isinstance(m, bool) for m in meetings
        ):
            raise invalid("bad_meetings", "请列出该决定所安排议程的会议。")
        clean["meetings"] = sorted(set(meetings))
    if subject == rules.Subject.VALIDITY:
        if not isinstance(matter.get("valid"), bool):
            raise invalid("valid_required", "请写明选举结果是否有效。")
        clean["valid"] = matter["valid"]
    return clean


def propose(
    meeting: Meeting, subject: str, text: str, actor, *, matter=None, mode: str = Mode.HANDS
) -> Decision:
    """Put a decision to the presidium's vote at its meeting: a Poll of the meeting on the rule
    "more than half of all members" (沪议事规则 13 ¶2), run with the votes app's actions."""
    require_chair(actor, meeting, "只有会务组或会议主持人可以提请主席团表决。")
    session = meeting.session
    label = word(session)
    expected = MEETING_KIND[body_kind(session)]
    if meeting.kind != expected:
        raise invalid(
            "not_presidium_meeting",
            f"{label}的决定须在{label}会议上作出（上海市人民代表大会议事规则第十三条）。",
        )
    if subject not in Subject.values:
        raise invalid("bad_subject", "未知的决定事项。")
    text = (text or "").strip()
    if not text:
        raise invalid("text_required", "请填写决定内容。")
    if mode not in (Mode.HANDS, Mode.ELECTRONIC, Mode.PAPER):
        raise invalid("bad_mode", "表决方式无效。")
    clean = _matter(subject, matter)
    strangers = set(clean.get("meetings", [])) - set(
        Meeting.objects.filter(session=session).values_list("pk", flat=True)
    )
    if strangers:
        raise invalid("bad_meetings", "该决定所列的会议不属于本次会议。")
    org = presidium_of(session)
    if org is None or not member_memberships(session).exists():
        raise refusal("no_presidium", f"请先登记本次会议的{label}成员。")
    with transaction.atomic():
        poll = votes.create_poll(
            meeting,
            votes.PollSettings(
                question=text[:300],
                decides=text,
                mode=mode,
                secret=False,  # a presidium's decision is its members' public act
                base="all",
                fraction_numerator=1,
                fraction_denominator=2,
                strict=True,
            ),
            actor,
        )
        decision = Decision.objects.create(
            session=session,
            presidium=org,
            meeting=meeting,
            poll=poll,
            subject=subject,
            text=text,
            matter=clean,
            created_by=actor,
        )
        record(
            "presidium.proposed",
            decision,
            actor=actor,
            data={"meeting": meeting.pk, "poll": poll.pk, "subject": subject, "matter": clean},
        )
    return decision


def settle(decision: Decision, actor) -> Decision:
    """Record the outcome of the decision's vote once it is over (once; later calls return it)."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("poll", "session__term__body")
            .get(pk=decision.pk)
        )
        if decision.adopted is not None:
            return decision
        poll = decision.poll
        label = word(decision.session)
        if poll.state == State.CANCELLED:
            adopted, sentence = False, f"表决已取消，{label}未作出决定。"
        elif poll.state in (State.CLOSED, State.PUBLISHED) and poll.yes is not None:
            result = rules.outcome(poll.members_total, poll.present, poll.yes, body=label)
            adopted, sentence = result.adopted, result.sentence
        else:
            raise refusal("vote_not_over", f"{label}对该决定的表决尚未结束。")
        decision.adopted = adopted
        decision.outcome = sentence
        decision.decided_at = poll.closed_at or timezone.now()
        decision.save(update_fields=["adopted", "outcome", "decided_at"])
        record(
            "presidium.decided",
            decision,
            actor=actor,
            data={
                "adopted": adopted,
                "poll": poll.pk,
                "members": poll.members_total,
                "present": poll.present,
                "yes": poll.yes,
                "sentence": sentence,
            },
        )
    return decision


def cite(decision_id, *, session: Session, subject: str, actor) -> Decision:
    """The adopted decision an action "by the presidium" relies on, or a refusal naming the
    article that gives the presidium the power (nothing is stored on refusal)."""
    subject = rules.Subject(subject)
    label = word(session)
    if decision_id is None or decision_id == "":
        raise invalid("presidium_decision_required", rules.missing_decision(subject, body=label))
    decision = Decision.objects.filter(pk=decision_id).select_related("poll").first()
    if decision is None or decision.session_id != session.pk:
        raise invalid(
            "presidium_decision_unknown",
            f"所引用的{label}决定不存在或不属于本次会议；"
            + rules.missing_decision(subject, body=label),
        )
    if decision.subject != subject:
        raise invalid(
            "presidium_decision_subject",
            f"所引用的{label}决定是关于“{decision.get_subject_display()}”的；"
            + rules.missing_decision(subject, body=label),
        )
    if decision.adopted is None and decision.poll.state in (
        State.CLOSED,
        State.PUBLISHED,
        State.CANCELLED,
    ):
        decision = settle(decision, actor)
    if decision.adopted is None:
        raise refusal(
            "presidium_vote_pending",
            f"{label}对该决定的表决尚未结束；" + rules.missing_decision(subject, body=label),
        )
    if not decision.adopted:
        raise refusal(
            "presidium_decision_not_adopted",
            f"该决定未获{label}通过：{decision.outcome}"
            + rules.missing_decision(subject, body=label),
        )
    return decision


def decide_by_show_of_hands(
    meeting: Meeting,
    subject: str,
    text: str,
    actor,
    *,
    matter=None,
    yes: int | None = None,
    no: int = 0,
) -> Decision:
    """A decision taken in one go, as a presidium usually takes it at its meeting: proposed,
    put to a show of hands among the members checked in, the count entered and published,
    the outcome recorded. ``yes``: the hands for (default: every member present less ``no``).
    Each step is the ordinary action, with its audit event."""
    decision = propose(meeting, subject, text, actor, matter=matter, mode=Mode.HANDS)
    poll, _warnings = votes.open_poll(decision.poll, actor)
    if yes is None:
        yes = poll.entitled - no
    poll = votes.enter_counts(poll, yes, no, poll.entitled - yes - no, actor)
    if poll.state == State.CLOSED:
        votes.publish(poll, actor)
    return settle(decision, actor)


# --- the agenda (议程) of the session's meetings --------------------------------------------

# Meetings whose agenda is not the presidium's to decide: the preparatory meeting adopts the
# session's agenda itself, on the standing committee's draft, before there is a presidium
# (LOL 17); the presidium's own meetings are convened by its executive chairs (沪议事规则 15).
AGENDA_OWN = (MeetingKind.PREPARATORY, MeetingKind.PRESIDIUM, MeetingKind.CHAIRS)


class AgendaGate:
    """The presidium decides the meetings' schedule and agenda once it is elected (沪议事规则
    14 ¶1 (二); 23–24: what goes on the agenda): at a congress session with its presidium
    recorded, an agenda item of a meeting (other than the preparatory meeting and the
    presidium's own) is added, changed or moved only by citing an adopted decision of the
    presidium on the agenda — one that names that meeting, or names none (the whole
    session's schedule). Before the presidium is elected, and at a CPPCC session (whose
    主席会议 decides under its own rules), the secretariat's entry stands; a decision given
    there is still checked and recorded. Plugged into lianghui.sessions.setup by the app."""

    def required(self, meeting: Meeting) -> bool:
        session = meeting.session
        return (
            session.term.body.kind == OrgKind.CONGRESS
            and meeting.kind not in AGENDA_OWN
            and member_memberships(session).exists()
        )

    def cite(self, meeting: Meeting, decision, actor) -> Decision | None:
        session = meeting.session
        if decision is None or decision == "":
            if self.required(meeting):
                raise invalid(
                    "presidium_decision_required",
                    f"{session.title}的主席团已经选出："
                    + rules.missing_decision(rules.Subject.AGENDA),
                )
            return None
        cited = cite(
            getattr(decision, "pk", decision),
            session=session,
            subject=rules.Subject.AGENDA,
            actor=actor,
        )
        named = cited.matter.get("meetings") or []
        if named and meeting.pk not in named:
            raise invalid(
                "presidium_decision_meeting",
                f"所引用的{word(session)}决定安排的是其他会议的议程，没有“{meeting.title}”。",
            )
        return cited
