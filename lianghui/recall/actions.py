"""Recall and resignation actions: propose or submit, record the defence, put to the
congress's vote, record the outcome.

The secretariat records each step. The vote is an ordinary Poll of the plenary (the votes
app's create, open, cast, close and publish), created here with LOL 25's rule; `conclude`
reads its published result. Each action checks its rule, writes in one transaction with its
audit event, and stores nothing when refused.
"""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.errors import ActionError, refuse_if
from lianghui.people.models import Membership, OrgKind, Person
from lianghui.presidium.actions import cite
from lianghui.recall import rules
from lianghui.recall.models import Recall, Resignation, State
from lianghui.sessions.access import require_secretariat
from lianghui.sessions.models import Meeting, MeetingKind, Session
from lianghui.sessions.sitting import delegate_ids, refuse_unless_sitting
from lianghui.votes import actions as votes
from lianghui.votes.models import Mode
from lianghui.votes.models import State as PollState

PUT_RECALL = "依照地方组织法第三十一条，罢免案由主席团提请全体会议表决"
PUT_RESIGNATION = (
    "依照地方组织法第三十二条，辞职由大会决定是否接受，"
    "由主席团将辞职请求提请大会全体会议决定（上海市人民代表大会议事规则第五十一条）"
)


def _require_secretariat(actor, session: Session):
    require_secretariat(actor, session, "只有会务组可以登记罢免案和辞职请求。")


def _congress(session: Session):
    body = session.term.body
    if body.kind != OrgKind.CONGRESS:
        raise ActionError(
            "not_a_congress",
            "罢免案和辞职请求向人民代表大会提出（地方组织法第三十一条、第三十二条）。",
        )
    return body


# LOL 32 ¶1: between sessions an officer resigns to the standing committee instead.
BETWEEN = "大会闭会期间，可以向本级人民代表大会常务委员会提出辞职，由常务委员会决定是否接受。"


def _in_session(session: Session, article: str, act: str, otherwise: str = "") -> None:
    """Only while the congress is in session (today, in Asia/Shanghai, within its days): a
    recall is proposed and put to the plenary "举行会议的时候" (LOL 31 ¶1); a resignation goes
    to the congress in session, to the standing committee between sessions (LOL 32 ¶1)."""
    refuse_unless_sitting(session, article=article, act=act, otherwise=otherwise)


def _membership(person: Person, membership_id: int | None) -> Membership | None:
    if membership_id is None:
        return None
    found = Membership.objects.filter(pk=membership_id, person=person).first()
    if found is None:
        raise ActionError("bad_membership", "该任职记录不属于被提出的人员。", status=422)
    return found


def propose_recall(
    session: Session,
    person: Person,
    *,
    post: str,
    title: str,
    reasons: str,
    proposer: str,
    signers: list[Person] = (),
    decision_id=None,
    membership_id: int | None = None,
    actor,
) -> Recall:
    """LOL 31 ¶1–3 (EL 51 for a deputy to the congress above)."""
    _require_secretariat(actor, session)
    _congress(session)
    _in_session(session, "地方组织法第三十一条", "提出罢免案")
    unique = list({p.pk: p for p in signers}.values()) if proposer == "delegates" else []
    delegates = delegate_ids(session)
    refuse_if(
        "bad_recall",
        rules.recall_refusal(
            post,
            proposer,
            reasons=reasons,
            delegates_total=len(delegates),
            signers=len(unique),
            non_delegate_signers=sum(1 for p in unique if p.pk not in delegates),
        ),
    )
    if not title.strip():
        raise ActionError("title_required", "请写明被提出罢免人员的职务。", status=422)
    membership = _membership(person, membership_id)
    decision = None
    if proposer == rules.Proposer.PRESIDIUM:
        decision = cite(decision_id, session=session, subject="recall", actor=actor)
    with transaction.atomic():
        recall = Recall.objects.create(
            session=session,
            person=person,
            post=post,
            title=title.strip()[:100],
            membership=membership,
            proposer=proposer,
            proposal_decision=decision,
            reasons=reasons.strip(),
            recorded_by=actor,
        )
        recall.signers.set(unique)
        record(
            "recall.proposed",
            recall,
            actor=actor,
            data={
                "session": session.pk,
                "person": person.pk,
                "post": post,
                "proposer": proposer,
                "signers": [p.pk for p in unique],
                "decision": decision.pk if decision else None,
            },
        )
    return recall


def record_defence(
    recall: Recall, *, form: str, text: str, meeting: Meeting | None, actor
) -> Recall:
    """LOL 31 ¶4: a defence at a presidium or plenary meeting, in writing, or none."""
    _require_secretariat(actor, recall.session)
    if form not in {d.value for d in rules.Defence}:
        raise ActionError(
            "bad_defence",
            "依照地方组织法第三十一条，申辩意见在主席团会议或者大会全体会议上提出，或者书面提出。",
            status=422,
        )
    wanted = {"presidium": MeetingKind.PRESIDIUM, "plenary": MeetingKind.PLENARY}.get(form)
    if wanted and (
        meeting is None or meeting.kind != wanted or meeting.session_id != recall.session_id
    ):
        raise ActionError(
            "bad_meeting",
            "依照地方组织法第三十一条，当面申辩须指明本次会议的主席团会议或者大会全体会议。",
            status=422,
        )
    if form != rules.Defence.DECLINED and not text.strip():
        raise ActionError("text_required", "请填写申辩意见（或记录为本人不申辩）。", status=422)
    with transaction.atomic():
        recall = Recall.objects.select_for_update().get(pk=recall.pk)
        if recall.state != State.PROPOSED:
            raise ActionError("already_put", "罢免案已提请表决，不能再记录申辩意见。", status=409)
        recall.defence = form
        recall.defence_text = text.strip()
        recall.defence_meeting = meeting if wanted else None
        recall.save(update_fields=["defence", "defence_text", "defence_meeting"])
        record("recall.defence", recall, actor=actor, data={"form": form})
    return recall


def _question(matter) -> tuple[str, str]:
    if isinstance(matter, Recall):
        return (
            f"表决关于罢免{matter.person.name}的{matter.title}职务的议案",
            f"罢免{matter.person.name}的{matter.title}职务",
        )
    return (
        f"表决关于接受{matter.person.name}辞去{matter.title}职务的请求",
        f"接受{matter.person.name}辞去{matter.title}职务的请求",
    )


def put_to_vote(matter, *, meeting: Meeting, decision_id, mode: str = Mode.ELECTRONIC, actor):
    """The presidium puts it to the plenary (LOL 31 ¶5; 沪议事规则 51): a Poll of the plenary
    on more than half of all delegates (LOL 25); a recall by secret vote (EL 52; 沪议事规则 49)."""
    _require_secretariat(actor, matter.session)
    is_recall = isinstance(matter, Recall)
    matter = type(matter).objects.select_related("person", "session").get(pk=matter.pk)
    if is_recall:
        _in_session(matter.session, "地方组织法第三十一条", "主席团将罢免案提请大会表决")
    else:
        _in_session(matter.session, "地方组织法第三十二条", "由大会决定是否接受辞职", BETWEEN)
    if meeting.kind != MeetingKind.PLENARY or meeting.session_id != matter.session_id:
        raise ActionError(
            "not_plenary",
            f"{PUT_RECALL if is_recall else PUT_RESIGNATION}：须在本次会议的大会全体会议上表决。",
            status=422,
        )
    if is_recall:
        refuse_if("no_defence", rules.vote_refusal_before_defence(matter.defence or None))
        if mode == Mode.HANDS:
            raise ActionError(
                "not_secret",
                "依照选举法第五十二条和上海市人民代表大会议事规则第四十九条，罢免采用无记名投票方式。",
                status=422,
            )
    decision = cite(
        decision_id,
        session=matter.session,
        subject="recall" if is_recall else "resignation",
        actor=actor,
    )
    question, decides = _question(matter)
    with transaction.atomic():
        matter = type(matter).objects.select_for_update().get(pk=matter.pk)
        if matter.state != State.PROPOSED:
            raise ActionError("already_put", "已提请表决。", status=409)
        poll = votes.create_poll(
            meeting,
            votes.PollSettings(
                question=question,
                decides=decides,
                mode=mode,
                secret=True if is_recall else mode != Mode.HANDS,
                base="all",
                fraction_numerator=1,
                fraction_denominator=2,
                strict=True,
            ),
            actor,
        )
        matter.poll, matter.vote_decision, matter.state = poll, decision, State.VOTING
        matter.save(update_fields=["poll", "vote_decision", "state"])
        record(
            f"{'recall' if is_recall else 'resignation'}.put_to_vote",
            matter,
            actor=actor,
            data={"poll": poll.pk, "meeting": meeting.pk, "decision": decision.pk},
        )
    return matter


def conclude(matter, actor):
    """Record the congress's decision from the vote's result. A cancelled vote returns it to
    be put again; a carried recall or an accepted resignation ends the post's membership on
    the day of the vote, except a chief procurator's, which waits for approval."""
    _require_secretariat(actor, matter.session)
    kind = "recall" if isinstance(matter, Recall) else "resignation"
    with transaction.atomic():
        matter = (
            type(matter)
            .objects.select_for_update(of=("self",))
            .select_related("poll")
            .get(pk=matter.pk)
        )
        poll = matter.poll
        if matter.state != State.VOTING or poll is None:
            raise ActionError("not_voting", "尚未提请表决，或结果已记录。", status=409)
        if poll.state == PollState.CANCELLED:
            matter.poll, matter.state = None, State.PROPOSED
            matter.save(update_fields=["poll", "state"])
            record(f"{kind}.vote_cancelled", matter, actor=actor, data={"poll": poll.pk})
            return matter
        if poll.state not in (PollState.CLOSED, PollState.PUBLISHED) or poll.passed is None:
            raise ActionError("vote_not_over", "表决尚未结束。", status=409)
        if not poll.passed:
            matter.state = State.FAILED
        elif rules.Post(matter.post) in rules.NEEDS_APPROVAL:
            matter.state = State.AWAITING_APPROVAL
        else:
            matter.state = State.CARRIED
        matter.concluded_at = timezone.now()
        matter.save(update_fields=["state", "concluded_at"])
        ended = None
        if matter.state == State.CARRIED and matter.membership_id:
            ended = timezone.localdate(poll.closed_at or matter.concluded_at)
            Membership.objects.filter(pk=matter.membership_id).update(end=ended)
        record(
            f"{kind}.concluded",
            matter,
            actor=actor,
            data={
                "poll": poll.pk,
                "passed": poll.passed,
                "state": matter.state,
                "membership_ended": ended.isoformat() if ended else None,
            },
        )
    return matter


def submit_resignation(
    session: Session,
    person: Person,
    *,
    post: str,
    title: str,
    letter: str,
    membership_id: int | None = None,
    actor,
) -> Resignation:
    """LOL 32 ¶1: an officer resigns to the congress in session."""
    _require_secretariat(actor, session)
    _congress(session)
    _in_session(session, "地方组织法第三十二条", "向人民代表大会提出辞职", BETWEEN)
    refuse_if("bad_resignation", rules.resignation_refusal(post, letter))
    if not title.strip():
        raise ActionError("title_required", "请写明辞去的职务。", status=422)
    membership = _membership(person, membership_id)
    with transaction.atomic():
        resignation = Resignation.objects.create(
            session=session,
            person=person,
            post=post,
            title=title.strip()[:100],
            membership=membership,
            letter=letter.strip(),
            recorded_by=actor,
        )
        record(
            "resignation.submitted",
            resignation,
            actor=actor,
            data={"session": session.pk, "person": person.pk, "post": post},
        )
    return resignation
