from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.attendance.models import CheckIn
from lianghui.errors import ActionError, NotFound
from lianghui.hall import actions
from lianghui.hall.models import ScreenLayout, SpeechRequest, SpeechState
from lianghui.hall.rules import MESSAGE_MAX
from lianghui.hall.tokens import screen_token, token_allows
from lianghui.halls.live import map_for
from lianghui.pages import gate, refusal_shown
from lianghui.people.access import person_of
from lianghui.sessions import access, live, queries, roster
from lianghui.votes import actions as votes


def _meeting(request, meeting_id):
    return gate(access.meeting_for, request.user, meeting_id)


def _screen_allowed(request, meeting_id) -> bool:
    if token_allows(request.GET.get("token"), meeting_id):
        return True
    try:
        access.meeting_for(request.user, meeting_id)
    except NotFound:
        return False
    return True


def screen(request, meeting_id: int):
    """The big screen: read-only, opened by a signed-in user or a signed screen token."""
    if not _screen_allowed(request, meeting_id):
        raise Http404()
    return render(
        request,
        "hall/screen.html",
        {
            "meeting_id": meeting_id,
            "token": request.GET.get("token", ""),
            "state": live.snapshot(meeting_id),
            # The screen is public: the map without names, coloured by the state alone.
            "seatmap": map_for(meeting_id, names=False),
        },
    )


def state(request, meeting_id: int):
    """The polling fallback: the same snapshot the websocket pushes."""
    if not _screen_allowed(request, meeting_id):
        raise Http404()
    response = JsonResponse(live.snapshot(meeting_id), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def seatmap(request, meeting_id: int):
    """The live map's chart alone, for a screen or console whose seat plan changed after it
    opened (hall.js sees a new seats.map in the state). Names only for ?names=1 from whoever
    may chair the meeting (the console, the desk); the public screen's map names nobody."""
    if not _screen_allowed(request, meeting_id):
        raise Http404()
    names = False
    if request.GET.get("names") and request.user.is_authenticated:
        meeting = access.meeting_for(request.user, meeting_id)
        names = votes.can_chair(request.user, meeting)
    response = render(
        request, "halls/_live_map_chart.html", {"seatmap": map_for(meeting_id, names=names)}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def console(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    if not votes.can_chair(request.user, meeting):
        raise Http404()
    meeting = queries.meeting_detail(meeting_id)
    # A vote whose timer ran out is closed before its buttons are drawn (as the live count
    # does), so the console never offers 结束表决 beside a result.
    for poll in meeting.polls.filter(state="open", closes_at__isnull=False):
        votes.close_if_due(poll)
    polls = meeting.polls.exclude(state="cancelled").order_by("created_at")
    waiting = SpeechRequest.objects.filter(
        meeting=meeting, state=SpeechState.WAITING
    ).select_related("person")
    speaking = (
        SpeechRequest.objects.filter(meeting=meeting, state=SpeechState.SPEAKING)
        .select_related("person")
        .first()
    )
    screen_url = request.build_absolute_uri(
        reverse("hall:screen", args=[meeting_id]) + f"?token={screen_token(meeting_id)}"
    )
    return render(
        request,
        "hall/console.html",
        {
            "meeting": meeting,
            "state": live.snapshot(meeting_id),
            "polls": polls,
            "waiting": waiting,
            "speaking": speaking,
            "screen_url": screen_url,
            "seatmap": map_for(meeting),
            "layouts": ScreenLayout.choices,
            "message_max": MESSAGE_MAX,
        },
    )


@login_required
@require_POST
def console_action(request, meeting_id: int, action: str):
    meeting = _meeting(request, meeting_id)
    post = request.POST
    try:
        if action == "next":
            actions.set_current_item(meeting, request.user, step=1)
        elif action == "previous":
            actions.set_current_item(meeting, request.user, step=-1)
        elif action == "item":
            actions.set_current_item(meeting, request.user, item_id=int(post.get("item", 0) or 0))
        elif action == "checkin":
            from lianghui.attendance.actions import set_checkin_open

            set_checkin_open(meeting, post.get("open") == "1", request.user)
        elif action in {"open", "close", "publish"}:
            poll = meeting.polls.filter(pk=int(post.get("poll", 0) or 0)).first()
            if poll is None:
                raise ActionError("no_poll", "未找到该表决。")
            {
                "open": lambda p: votes.open_poll(p, request.user),
                "close": lambda p: votes.close_poll(p, request.user),
                "publish": lambda p: votes.publish(p, request.user),
            }[action](poll)
        elif action == "screen":
            _set_screen(meeting, request.user, post)
        elif action in {"start", "end", "withdraw", "move"}:
            rid = int(post.get("request", 0) or 0)
            if action == "start":
                limit = post.get("limit", "")
                actions.start_speech(
                    meeting, rid, request.user, int(limit) if limit.isdigit() else None
                )
            elif action == "end":
                actions.end_speech(meeting, rid, request.user)
            elif action == "withdraw":
                actions.withdraw(meeting, rid, request.user)
            else:
                actions.move(meeting, rid, int(post.get("position", 1) or 1), request.user)
        else:
            raise Http404()
    except ActionError as e:
        messages.error(request, e.message)
    except ValueError:
        messages.error(request, gettext("请求数据有误。"))
    if request.htmx:
        return JsonResponse({"ok": True})
    return redirect("hall:console", meeting_id=meeting_id)


def _set_screen(meeting, user, post) -> None:
    """The big screen's controls: a layout button, or the message form (清除提示 empties it)."""
    message = "" if post.get("clear") else post.get("message")
    actions.set_screen(meeting, user, layout=post.get("layout") or None, message=message)


@login_required
def tablet(request, meeting_id: int):
    """A delegate's tablet: agenda, documents of the current item, check-in, vote, speak."""
    meeting = _meeting(request, meeting_id)
    person = person_of(request.user)
    meeting = queries.meeting_detail(meeting_id)
    body_id = meeting.session.term.body_id
    documents = {
        item.pk: [
            {"id": d.pk, "title": d.title, "url": reverse("sessions:document", args=[d.pk])}
            for d in item.documents.all()
            if access.can_see_document(request.user, d, body_id)
        ]
        for item in meeting.items.all()
    }
    checked_in = bool(person) and CheckIn.objects.filter(meeting=meeting, person=person).exists()
    my_request = (
        SpeechRequest.objects.filter(
            meeting=meeting, person=person, state__in=[SpeechState.WAITING, SpeechState.SPEAKING]
        ).first()
        if person
        else None
    )
    return render(
        request,
        "hall/tablet.html",
        {
            "meeting": meeting,
            "person": person,
            "is_member": bool(person) and roster.is_member(meeting, person.pk),
            "checked_in": checked_in,
            "documents": documents,
            "my_request": my_request,
            "state": live.snapshot(meeting_id),
        },
    )


@login_required
@require_POST
def speak(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    with refusal_shown(request):
        if request.POST.get("withdraw"):
            actions.withdraw(meeting, int(request.POST["withdraw"]), request.user)
            messages.success(request, gettext("已撤回发言申请。"))
        else:
            actions.request_to_speak(meeting, request.user, request.POST.get("topic", ""))
            messages.success(request, gettext("已申请发言，请等候主持人安排。"))
    return redirect("hall:tablet", meeting_id=meeting_id)
