"""Interpellation actions: file, withdraw, refer, answer, record a response, ask again.

The secretariat records each step as it happens on paper (the filing form, the presidium's
decision, the head's answer, the delegates' views). Each action checks the rule, writes in
one transaction and records its audit event there; a refusal stores nothing.
"""

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.errors import ActionError, refuse_if
from lianghui.interpellation import rules
from lianghui.interpellation.models import (
    Answer,
    Filer,
    Interpellation,
    Response,
    State,
)
from lianghui.people.models import OrgKind, Person
from lianghui.presidium.actions import cite
from lianghui.rows import locked, next_number
from lianghui.sessions.access import require_secretariat
from lianghui.sessions.models import Meeting, Session
from lianghui.sessions.sitting import delegate_ids, refuse_unless_sitting


def _require_secretariat(actor, session: Session):
    require_secretariat(actor, session, "只有会务组可以登记质询案。")


def _in_session(session: Session, act: str) -> None:
    """LOL 24 ¶1: "地方各级人民代表大会举行会议的时候" — filed, referred and referred again
    while the congress is in session (today, in Asia/Shanghai, within its days)."""
    refuse_unless_sitting(session, article="地方组织法第二十四条", act=act)


def _locked(pk: int) -> Interpellation:
    return locked(Interpellation, pk, "session__term")


def _locked_in(pk: int, states: tuple[str, ...], code: str, message: str) -> Interpellation:
    """The interpellation, locked until the transaction ends, if it is in one of `states`;
    else the refusal (409) that says at which step it may be taken."""
    item = _locked(pk)
    if item.state not in states:
        raise ActionError(code, message, status=409)
    return item


def file(
    session: Session,
    filers: list[Person],
    *,
    target_kind: str,
    target: str,
    subject: str,
    questions: str,
    actor,
) -> Interpellation:
    _require_secretariat(actor, session)
    if session.term.body.kind != OrgKind.CONGRESS:
        raise ActionError(
            "not_a_congress", "依照地方组织法第二十四条，质询案向人民代表大会提出。", status=422
        )
    _in_session(session, "提出质询案")
    unique = list({p.pk: p for p in filers}.values())
    delegates = delegate_ids(session)
    refuse_if(
        "bad_interpellation",
        rules.filing_refusal(
            len(unique),
            sum(1 for p in unique if p.pk not in delegates),
            target_kind,
            target,
            subject,
            questions,
        ),
    )
    with transaction.atomic():
        # Numbers run per session; the session row is locked so two filings never share one.
        Session.objects.select_for_update().filter(pk=session.pk).first()
        item = Interpellation.objects.create(
            session=session,
            number=next_number(session.interpellations, "number"),
            target_kind=target_kind,
            target=target.strip()[:100],
            subject=subject.strip()[:200],
            questions=questions.strip(),
            recorded_by=actor,
        )
        Filer.objects.bulk_create(
            Filer(interpellation=item, person=p, order=i) for i, p in enumerate(unique, 1)
        )
        record(
            "interpellation.filed",
            item,
            actor=actor,
            data={
                "session": session.pk,
                "number": item.number,
                "target": item.target,
                "filers": [p.pk for p in unique],
            },
        )
    return item


def withdraw(item: Interpellation, actor) -> Interpellation:
    """Shanghai rules 59: withdrawn at the filers' request before the presidium decides."""
    _require_secretariat(actor, item.session)
    with transaction.atomic():
        item = _locked_in(
            item.pk,
            (State.FILED,),
            "already_decided",
            "依照上海市人民代表大会议事规则第五十九条，主席团作出处理决定前才可以撤回质询案。",
        )
        item.state = State.WITHDRAWN
        item.withdrawn_at = timezone.now()
        item.save(update_fields=["state", "withdrawn_at"])
        record("interpellation.withdrawn", item, actor=actor)
    return item


REFER_AGAIN = (
    "依照代表法第二十条，受质询机关再作答复由主席团决定（上海市人民代表大会议事规则第五十八条）"
)


def _referral_meeting(item: Interpellation, form: str, meeting: Meeting | None) -> Meeting | None:
    """The meeting a referral names, checked against the form of answer: none for a written
    answer (whatever was sent), else one of this session's."""
    meeting = None if form == rules.AnswerForm.WRITTEN else meeting
    if meeting is not None and meeting.session_id != item.session_id:
        raise ActionError("bad_meeting", "答复的会议须属于本次会议。", status=422)
    refuse_if("bad_form", rules.answer_form_refusal(form, meeting.kind if meeting else None))
    return meeting


def _set_referral(item, state, form, meeting, decision) -> None:
    item.state, item.form, item.meeting, item.decision = state, form, meeting, decision
    item.save(update_fields=["state", "form", "meeting", "decision"])


def refer(
    item: Interpellation, *, form: str, meeting: Meeting | None, decision_id, actor
) -> Interpellation:
    """LOL 24 ¶2: the presidium refers it to the body questioned, fixing how and where it is
    answered; `decision_id` names the presidium's adopted decision."""
    _require_secretariat(actor, item.session)
    _in_session(item.session, "主席团决定将质询案交受质询机关答复")
    meeting = _referral_meeting(item, form, meeting)
    decision = cite(decision_id, session=item.session, subject="interpellation", actor=actor)
    with transaction.atomic():
        item = _locked_in(item.pk, (State.FILED,), "not_filed", "该质询案不在待主席团决定的状态。")
        _set_referral(item, State.REFERRED, form, meeting, decision)
        record(
            "interpellation.referred",
            item,
            actor=actor,
            data={
                "form": form,
                "meeting": meeting.pk if meeting else None,
                "decision": decision.pk,
            },
        )
    return item


def answer(item: Interpellation, *, answered_by: str, text: str, actor) -> Answer:
    """LOL 24 ¶3: given by the head of the body (orally in person, or a signed paper)."""
    _require_secretariat(actor, item.session)
    if not answered_by.strip():
        raise ActionError(
            "head_required",
            "依照地方组织法第二十四条，质询案由受质询机关的负责人到会答复或者签署书面答复；"
            "请写明负责人的姓名和职务。",
            status=422,
        )
    if not text.strip():
        raise ActionError("text_required", "请填写答复内容。", status=422)
    with transaction.atomic():
        item = _locked_in(
            item.pk,
            (State.REFERRED, State.REANSWER),
            "not_referred",
            "依照地方组织法第二十四条，质询案须经主席团决定交受质询机关后才能答复。",
        )
        done = item.answers.count()
        given = Answer.objects.create(
            interpellation=item,
            round=done + 1,
            form=item.form,
            meeting=item.meeting,
            decision=item.decision,
            answered_by=answered_by.strip()[:100],
            text=text.strip(),
            recorded_by=actor,
        )
        item.state = State.ANSWERED if given.round == 1 else State.CLOSED
        item.save(update_fields=["state"])
        record(
            "interpellation.answered",
            item,
            actor=actor,
            data={"round": given.round, "answered_by": given.answered_by},
        )
    return given


def respond(item: Interpellation, person: Person, *, satisfied: bool, opinion: str, actor):
    """A filing delegate says whether they are satisfied with the latest answer."""
    _require_secretariat(actor, item.session)
    with transaction.atomic():
        item = _locked(item.pk)
        latest = item.answers.order_by("-round").first()
        if latest is None:
            raise ActionError("no_answer", "受质询机关尚未答复。", status=409)
        if item.state == State.REANSWER:
            raise ActionError("asked_again", "已要求再作答复，请在再次答复后表示意见。", status=409)
        filer = item.filer_rows.filter(person=person).first()
        if filer is None:
            raise ActionError(
                "not_a_filer",
                "依照代表法第二十条，对答复表示是否满意的是提出质询案的代表。",
                status=422,
            )
        response, _ = Response.objects.update_or_create(
            answer=latest, filer=filer, defaults={"satisfied": satisfied, "opinion": opinion}
        )
        record(
            "interpellation.responded",
            item,
            actor=actor,
            data={"round": latest.round, "person": person.pk, "satisfied": satisfied},
        )
    return response


def tally(answer_: Answer) -> rules.Tally:
    filers = answer_.interpellation.filer_rows.count()
    satisfied = answer_.responses.filter(satisfied=True).count()
    return rules.Tally(filers, satisfied, answer_.responses.count() - satisfied)


def ask_again(
    item: Interpellation, *, form: str, meeting: Meeting | None, decision_id, actor
) -> Interpellation:
    """DL 20 ¶5: half or more of the filers are not satisfied; the presidium refers it back
    (Shanghai rules 58) for a second answer."""
    _require_secretariat(actor, item.session)
    _in_session(item.session, "主席团决定由受质询机关再作答复")
    meeting = _referral_meeting(item, form, meeting)
    with transaction.atomic():
        item = _locked(item.pk)
        latest = item.answers.order_by("-round").first()
        if item.state != State.ANSWERED or latest is None:
            raise ActionError("not_answered", "受质询机关答复后才能要求再作答复。", status=409)
        t = tally(latest)
        refuse_if(
            "not_enough_unsatisfied", rules.ask_again_refusal(t.filers, t.unsatisfied, latest.round)
        )
        decision = cite(decision_id, session=item.session, subject="interpellation", actor=actor)
        if decision.pk == item.decision_id:
            raise ActionError(
                "same_decision",
                f"{REFER_AGAIN}；所引用的是交付首次答复的决定，须另有再作答复的决定。",
                status=422,
            )
        _set_referral(item, State.REANSWER, form, meeting, decision)
        record(
            "interpellation.asked_again",
            item,
            actor=actor,
            data={
                "unsatisfied": t.unsatisfied,
                "filers": t.filers,
                "form": form,
                "decision": decision.pk,
            },
        )
    return item
