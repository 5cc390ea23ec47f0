"""A meeting's live state as one JSON-ready dict: what every screen in the hall shows.

Built once per change by the process that made the change, and pushed whole, so a screen
that missed a message needs nothing but the next one (or one poll) to be current. The
version is the newest audit event's id at build time: every change writes an event, ids
only grow, and a screen keeps the state with the highest version it has seen.

A vote cast changes one number: for it, the last full snapshot this process built is
reused with the new count (three queries instead of a dozen).
"""

import copy

from django.utils import timezone, translation

from lianghui.attendance.queries import quorum_for
from lianghui.audit.models import Event
from lianghui.elections.models import Election, ElectionState, ElectionVoter
from lianghui.hall.models import HallState, ScreenLayout, SpeechRequest, SpeechState
from lianghui.halls.live import seat_states
from lianghui.sessions.models import Meeting, PresidingRole
from lianghui.votes.models import Poll, State, Voter

SHOWN_POLL_STATES = (State.OPEN, State.TALLYING, State.CLOSED, State.PUBLISHED)


def _iso(dt):
    return timezone.localtime(dt).isoformat() if dt else None


def _poll(meeting: Meeting):
    poll = (
        Poll.objects.filter(meeting=meeting, state__in=SHOWN_POLL_STATES)
        .order_by("-opened_at", "-id")
        .first()
    )
    if poll is None:
        return None
    data = {
        "id": poll.pk,
        "question": poll.question,
        "state": poll.state,
        "state_label": poll.get_state_display(),
        "secret": poll.secret,
        "mode": poll.mode,
        "press": poll.press,
        "entitled": poll.entitled,
        "cast": Voter.objects.filter(poll=poll).count() if poll.mode == "electronic" else None,
        "opened_at": _iso(poll.opened_at),
        "closes_at": _iso(poll.closes_at),
        "result": None,
    }
    # Never the choices while open; after closing, only once published.
    if poll.state == State.PUBLISHED:
        data["result"] = {
            "yes": poll.yes,
            "no": poll.no,
            "abstain": poll.abstain,
            "did_not_vote": max((poll.entitled or 0) - (poll.yes + poll.no + poll.abstain), 0),
            "passed": poll.passed,
            "sentence": poll.sentence,
            "sentence_en": poll.sentence_in("en"),  # for a console or tablet read in English
        }
    return data


def _election(meeting: Meeting):
    shown = [
        ElectionState.OPEN,
        ElectionState.CLOSED,
        ElectionState.COUNTED,
        ElectionState.PUBLISHED,
    ]
    election = (
        Election.objects.filter(meeting=meeting, state__in=shown)
        .select_related("office")
        .order_by("-opened_at", "-id")
        .first()
    )
    if election is None:
        return None
    data = {
        "id": election.pk,
        "title": str(election),
        "state": election.state,
        "state_label": election.get_state_display(),
        "seats": election.seats,
        "issued": election.issued,
        "opened_at": _iso(election.opened_at),
        "cast": ElectionVoter.objects.filter(election=election).count()
        if election.mode == "electronic"
        else None,
        "result": None,
    }
    # The count is shown only once the presidium has declared it (EL 46).
    if election.state == ElectionState.PUBLISHED and election.result:
        names = {t["person"]: t["name"] for t in election.result["tallies"]}
        elected = [names.get(p, "") for p in election.result["elected"]]
        data["result"] = {
            "sentences": election.result["sentences"],
            "elected": elected,
            "elected_text": "、".join(elected) or "无人当选",
        }
    return data


def _screen(hall: HallState | None) -> dict:
    """What the chair put on the big screen: its layout and the message line ("": none)."""
    if hall is None:
        return {"layout": ScreenLayout.AUTO.value, "message": ""}
    return {"layout": hall.screen_layout, "message": hall.screen_message}


def current(poll: dict | None, election: dict | None) -> str | None:
    """Which of the two the hall is on: "poll", "election" or None.

    The screen shows one at a time. An open one wins (a new vote hides the last election's
    result and the other way round); otherwise the one opened last, so a result stays up
    until something newer starts.
    """
    if poll is None or election is None:
        return "poll" if poll else "election" if election else None
    if (poll["state"] == State.OPEN) != (election["state"] == ElectionState.OPEN):
        return "poll" if poll["state"] == State.OPEN else "election"
    return "poll" if (poll["opened_at"] or "") >= (election["opened_at"] or "") else "election"


_last_full: dict[int, dict] = {}


def current_version() -> int:
    """The state's version: the newest audit event's id (every change is an audited action)."""
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0


def build_snapshot(meeting_id: int, light: bool = False) -> dict:
    # One state for every screen in the hall, whoever's change built it: its words (the
    # state labels, the meeting's kind, the election's title) are in Chinese.
    with translation.override("zh-hans"):
        return _build(meeting_id, light)


def _build(meeting_id: int, light: bool) -> dict:
    last = _last_full.get(meeting_id)
    if light and last is not None and last["poll"] and last["poll"]["state"] == State.OPEN:
        version = current_version()
        # Only while that vote is still open: a close elsewhere needs the full state.
        if Poll.objects.filter(pk=last["poll"]["id"], state=State.OPEN).exists():
            state = copy.deepcopy(last)
            state["version"] = version
            state["poll"]["cast"] = Voter.objects.filter(poll_id=state["poll"]["id"]).count()
            state["at"] = _iso(timezone.now())
            return state
    state = _full(meeting_id)
    _last_full[meeting_id] = state
    return state


def _full(meeting_id: int) -> dict:
    meeting = Meeting.objects.select_related("session__term__body").get(pk=meeting_id)
    head = current_version()
    hall = (
        HallState.objects.select_related("current_item__presenter").filter(meeting=meeting).first()
    )
    item = hall.current_item if hall else None
    quorum = quorum_for(meeting)
    officers = [
        o.person.name
        for o in meeting.officers.select_related("person").filter(
            role__in=[PresidingRole.PRESIDING, PresidingRole.EXECUTIVE_CHAIR]
        )
    ]
    requests = list(
        SpeechRequest.objects.filter(
            meeting=meeting, state__in=[SpeechState.WAITING, SpeechState.SPEAKING]
        )
        .select_related("person")
        .order_by("position", "requested_at", "id")
    )
    speaking = next((r for r in requests if r.state == SpeechState.SPEAKING), None)
    poll, election = _poll(meeting), _election(meeting)
    return {
        "seats": seat_states(meeting, poll),
        "type": "hall.state",
        "version": head,
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "session": meeting.session.title,
            "kind": meeting.get_kind_display(),
            "checkin_open": meeting.checkin_open,
        },
        "officers": officers,
        "item": {
            "id": item.pk,
            "order": item.order,
            "title": item.title,
            "presenter": f"{item.presenter_title}{item.presenter.name}" if item.presenter else "",
        }
        if item
        else None,
        "quorum": {
            "total": quorum.total,
            "present": quorum.present,
            "on_leave": quorum.on_leave,
            "nonvoting": quorum.nonvoting,
            "needed": quorum.needed,
            "reached": quorum.reached,
            "percent": quorum.percent,
            "sentence": quorum.sentence,
        },
        "screen": _screen(hall),
        "poll": poll,
        "election": election,
        "current": current(poll, election),
        "speaker": {
            "id": speaking.pk,
            "name": speaking.person.name,
            "topic": speaking.topic,
            "started_at": _iso(speaking.started_at),
            "limit_seconds": speaking.limit_seconds,
        }
        if speaking
        else None,
        "queue": [
            {"id": r.pk, "name": r.person.name, "topic": r.topic}
            for r in requests
            if r.state == SpeechState.WAITING
        ],
        "at": _iso(timezone.now()),
    }
