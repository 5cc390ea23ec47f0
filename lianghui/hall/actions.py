"""Hall actions: move through the agenda, steer the big screen, run the list of speakers.

The chair or the secretariat drives; a delegate may ask to speak and withdraw.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.errors import ActionError, NotFound, PermissionDenied, invalid, refuse_if
from lianghui.hall import rules
from lianghui.hall.models import HallState, SpeechRequest, SpeechState
from lianghui.people.access import person_of
from lianghui.rows import next_number
from lianghui.sessions import live, roster
from lianghui.sessions.access import can_chair, require_chair
from lianghui.sessions.models import AgendaItem, Meeting


def _require_chair(user, meeting):
    require_chair(user, meeting, "只有会议主持人或会务组可以操作会场。")


def hall_state(meeting: Meeting) -> HallState:
    state, _ = HallState.objects.get_or_create(meeting=meeting)
    return state


def set_current_item(
    meeting: Meeting, actor, *, item_id: int | None = None, step: int = 0
) -> HallState:
    """Show an agenda item: a given one, or the next (+1) / previous (-1)."""
    _require_chair(actor, meeting)
    with transaction.atomic():
        state, _ = HallState.objects.select_for_update(of=("self",)).get_or_create(meeting=meeting)
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
        if not items:
            raise ActionError("no_items", "本次会议没有议程。", status=409)
        if item_id is not None:
            target = next((i for i in items if i.pk == item_id), None)
            if target is None:
                raise ActionError("bad_item", "该议程不属于本次会议。", status=422)
        else:
            ids = [i.pk for i in items]
            index = ids.index(state.current_item_id) if state.current_item_id in ids else -1
            new = min(max(index + step, 0), len(items) - 1) if index >= 0 else 0
            target = items[new]
        state.current_item = target
        state.save(update_fields=["current_item"])
        record(
            "hall.item_shown", meeting, actor=actor, data={"item": target.pk, "title": target.title}
        )
    live.meeting_changed(meeting.pk)
    return state


def set_screen(
    meeting: Meeting, actor, *, layout: str | None = None, message: str | None = None
) -> HallState:
    """Switch the big screen's layout, set its message line ("" clears it), or both; None
    leaves that one as it is. The screens follow with the next pushed state."""
    _require_chair(actor, meeting)
    if layout is None and message is None:
        raise invalid("nothing_to_set", "请选择大屏幕版式或填写会场提示。")
    if layout is not None:
        refuse_if("bad_layout", rules.layout_refusal(layout))
    if message is not None:
        message = rules.clean_message(message)
        refuse_if("bad_message", rules.message_refusal(message))
    with transaction.atomic():
        state, _ = HallState.objects.select_for_update(of=("self",)).get_or_create(meeting=meeting)
        if layout is not None:
            state.screen_layout = layout
        if message is not None:
            state.screen_message = message
        state.save(update_fields=["screen_layout", "screen_message"])
        record(
            "hall.screen_set",
            meeting,
            actor=actor,
            data={"layout": state.screen_layout, "message": state.screen_message},
        )
    live.meeting_changed(meeting.pk)
    return state


def request_to_speak(meeting: Meeting, actor, topic: str = "") -> SpeechRequest:
    person = person_of(actor)
    if person is None or not roster.is_member(meeting, person.pk):
        raise PermissionDenied("只有本次会议的组成人员可以申请发言。")
    try:
        with transaction.atomic():
            position = next_number(SpeechRequest.objects.filter(meeting=meeting), "position")
            request = SpeechRequest.objects.create(
                meeting=meeting, person=person, topic=topic.strip()[:200], position=position
            )
            record(
                "hall.speech_requested",
                request,
                actor=actor,
                data={"meeting": meeting.pk, "person": person.pk},
            )
    except IntegrityError:
        raise ActionError(
            "already_requested", "您已申请发言，请等候主持人安排。", status=409
        ) from None
    live.meeting_changed(meeting.pk)
    return request


def _request(meeting: Meeting, request_id: int) -> SpeechRequest:
    request = (
        SpeechRequest.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, pk=request_id)
        .first()
    )
    if request is None:
        raise NotFound("未找到该发言申请。")
    return request


def withdraw(meeting: Meeting, request_id: int, actor) -> None:
    with transaction.atomic():
        request = _request(meeting, request_id)
        mine = person_of(actor) is not None and person_of(actor).pk == request.person_id
        if not mine and not can_chair(actor, meeting):
            raise PermissionDenied()
        if request.state != SpeechState.WAITING:
            raise ActionError("not_waiting", "只能撤回尚未开始的发言申请。", status=409)
        request.state = SpeechState.WITHDRAWN
        request.save(update_fields=["state"])
        record("hall.speech_withdrawn", request, actor=actor)
    live.meeting_changed(meeting.pk)


def move(meeting: Meeting, request_id: int, position: int, actor) -> None:
    """Put a waiting speaker at a place in the queue (1 = next)."""
    _require_chair(actor, meeting)
    with transaction.atomic():
        request = _request(meeting, request_id)
        waiting = list(
            SpeechRequest.objects.select_for_update(of=("self",))
            .filter(meeting=meeting, state=SpeechState.WAITING)
            .order_by("position", "requested_at", "id")
        )
        if request not in waiting:
            raise ActionError("not_waiting", "只能调整排队中的发言顺序。", status=409)
        waiting.remove(request)
        waiting.insert(min(max(position, 1), len(waiting) + 1) - 1, request)
        for i, r in enumerate(waiting, start=1):
            r.position = i
        SpeechRequest.objects.bulk_update(waiting, ["position"])
        record("hall.queue_ordered", meeting, actor=actor, data={"order": [r.pk for r in waiting]})
    live.meeting_changed(meeting.pk)


def start_speech(
    meeting: Meeting, request_id: int, actor, limit_seconds: int | None = None
) -> SpeechRequest:
    _require_chair(actor, meeting)
    with transaction.atomic():
        request = _request(meeting, request_id)
        if request.state != SpeechState.WAITING:
            raise ActionError("not_waiting", "该发言申请不在排队中。", status=409)
        if SpeechRequest.objects.filter(meeting=meeting, state=SpeechState.SPEAKING).exists():
            raise ActionError("someone_speaking", "请先结束当前发言。", status=409)
        if limit_seconds is None:
            limit_seconds = hall_state(meeting).speech_seconds
        request.state = SpeechState.SPEAKING
        request.started_at = timezone.now()
        request.limit_seconds = limit_seconds or None
        request.save(update_fields=["state", "started_at", "limit_seconds"])
        record(
            "hall.speech_started",
            request,
            actor=actor,
            data={"person": request.person_id, "limit": limit_seconds},
        )
    live.meeting_changed(meeting.pk)
    return request


def end_speech(meeting: Meeting, request_id: int, actor) -> SpeechRequest:
    _require_chair(actor, meeting)
    with transaction.atomic():
        request = _request(meeting, request_id)
        if request.state != SpeechState.SPEAKING:
            raise ActionError("not_speaking", "该代表不在发言中。", status=409)
        request.state = SpeechState.DONE
        request.ended_at = timezone.now()
        request.save(update_fields=["state", "ended_at"])
        record("hall.speech_ended", request, actor=actor, data={"person": request.person_id})
    live.meeting_changed(meeting.pk)
    return request
