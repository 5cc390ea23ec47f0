"""The demo tells the seed's times: what it replays happened in January 2024, in order.

The newspaper (徐汇报, January 2024) dates the meetings; the votes, elections, deliberations
and the oath replayed in them must carry those days and follow the order of business, and
what is read from them (the open data, the election report, the audit log) must say so,
whenever the demo was built.
"""

from datetime import date

import pytest
from django.utils import timezone

from lianghui.audit.models import Event
from lianghui.deliberation.models import OathBatch, Speech
from lianghui.elections.models import Election
from lianghui.records.opendata import export_session
from lianghui.sessions.models import Session
from lianghui.votes.models import Poll
from tests.demo_copy import load_demo_once

pytestmark = pytest.mark.django_db

CONGRESS = "徐汇区第十七届人民代表大会第五次会议"
CLOSING_DAY = date(2024, 1, 12)  # 第三次全体会议, the congress's closing plenary


def day(dt) -> date:
    return timezone.localtime(dt).date()


def test_the_demo_tells_the_seeds_times():
    """One load (about a minute): votes, elections, oath, deliberations, and what reads them."""
    load_demo_once()
    votes_happen_in_their_meetings_in_the_order_of_business()
    elections_the_oath_and_the_deliberations_carry_their_meetings_days()
    the_audit_log_and_the_open_data_say_january_2024()


def votes_happen_in_their_meetings_in_the_order_of_business():
    polls = list(
        Poll.objects.exclude(meeting__kind__in=("presidium", "chairs"))  # its decisions
        .select_related("meeting", "item")
        .order_by("opened_at")
    )
    assert len(polls) == 6
    for p in polls:
        start = p.meeting.starts_at
        steps = [p.created_at, p.opened_at, p.closed_at, p.published_at]
        assert steps == sorted(steps) and start <= p.created_at, p.question
        assert day(p.published_at) == day(start) and day(start).year == 2024, p.question
        assert (p.published_at - start).total_seconds() < 4 * 3600, p.question
    closing = [p for p in polls if day(p.opened_at) == CLOSING_DAY and "第三次" in p.meeting.title]
    assert [p.item.order for p in closing] == sorted(p.item.order for p in closing)


def elections_the_oath_and_the_deliberations_carry_their_meetings_days():
    elections = list(Election.objects.select_related("meeting", "item").order_by("opened_at"))
    assert [e.item.order for e in elections] == sorted(e.item.order for e in elections)
    for e in elections:
        assert day(e.opened_at) == day(e.published_at) == CLOSING_DAY
        assert e.meeting.starts_at < e.opened_at < e.published_at
    # The court president's election is the first item; the resolutions' vote comes after
    # both elections, and the oath after that (the order the page reports).
    resolutions = Poll.objects.get(question__contains="各项决议")
    assert max(e.published_at for e in elections) < resolutions.opened_at
    batch = OathBatch.objects.get()
    assert resolutions.published_at < batch.taken_at and day(batch.taken_at) == CLOSING_DAY
    for speech in Speech.objects.select_related("deliberation__meeting"):
        meeting = speech.deliberation.meeting
        assert day(speech.recorded_at) == day(meeting.starts_at) == date(2024, 1, 10)
        assert speech.recorded_at > meeting.starts_at


def the_audit_log_and_the_open_data_say_january_2024():
    replayed = Event.objects.filter(kind__regex=r"^(votes|elections|deliberation)\.")
    assert replayed.exists()
    assert {e.at.year for e in replayed} == {2024}
    data = export_session(Session.objects.get(title=CONGRESS))
    starts = [v["start_date"] for v in data["vote_events"]]
    assert starts and all(s.startswith("2024-01-1") for s in starts), starts
    published = [e["published_at"] for e in data["elections"]]
    assert published and all(s.startswith("2024-01-12T") for s in published), published
