"""The demo's year of invented filings (lianghui.demo.proposals).

The seed page names no filing: everything is invented and must say so. What must hold is
what a real year of handling leaves: every kind and every outcome, deadlines by law, replies
mostly on time, ratings mostly satisfied, nothing dated on or after "today".
"""

from collections import Counter
from datetime import date, datetime, time

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.test import Client

from lianghui.audit.log import verify_chain
from lianghui.demo import DEMO_PASSWORD, load_demo
from lianghui.demo.proposals import SHANGHAI, UNITS, replay_proposals
from lianghui.people.models import Membership, Organisation, OrgKind
from lianghui.proposals import desk, due, rules, stats
from lianghui.proposals.models import (
    Assignment,
    Decision,
    ExtensionRequest,
    Feedback,
    Filing,
    Forward,
    Rating,
    Reply,
    SearchText,
)
from tests.demo_copy import load_demo_once, once

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)


def loaded(today=TODAY, **kwargs) -> dict:
    """The demo, with the filings replayed (by the loader once it calls the replay); the
    same replay is copied back for later tests (tests/demo_copy.py)."""

    def replayed():
        load_demo(votes=False, today=today)
        if Filing.objects.exists():
            return {}
        actor = get_user_model().objects.get(username="mishu")
        return replay_proposals(today=today, actor=actor, **kwargs)

    return once(("replay_proposals", today, tuple(sorted(kwargs.items()))), replayed)


def test_a_year_of_invented_filings():
    loaded()
    kinds = Counter(Filing.objects.values_list("kind", flat=True))
    assert kinds["proposal"] >= 180 and kinds["suggestion"] >= 130 and kinds["opinion"] >= 100
    assert kinds["motion"] == 3
    assert not Filing.objects.filter(synthetic=False).exists()  # all marked invented
    units = Organisation.objects.filter(kind=OrgKind.HANDLING_UNIT)
    assert set(units.values_list("name", flat=True)) == set(UNITS)
    assert not units.filter(synthetic=False).exists()
    # Every outcome of review and handling is there.
    states = set(Filing.objects.values_list("kind", "state").distinct())
    for kind_state in [
        ("proposal", "closed"),
        ("proposal", "declined"),
        ("proposal", "merged"),
        ("proposal", "as_opinion"),
        ("proposal", "as_letter"),
        ("suggestion", "closed"),
        ("motion", "studied"),
        ("motion", "as_suggestion"),
        ("opinion", "closed"),
        ("opinion", "forwarded"),
        ("opinion", "not_adopted"),
    ]:
        assert kind_state in states, kind_state
    assert Filing.objects.filter(kind="opinion", origin__kind="proposal").exists()
    assert Filing.objects.filter(kind="suggestion", origin__kind="motion").exists()
    assert Filing.objects.filter(key=True, key_leader__isnull=False).exists()
    assert Filing.objects.filter(kind="proposal", filer_type="party").exists()
    assert Assignment.objects.filter(role="split").count() >= 2
    assert Assignment.objects.filter(role="co").exists()
    assert Assignment.objects.filter(extended_due__isnull=False).exists()
    assert Filing.objects.filter(round__gt=1).exists()  # handled again after 不满意
    assert Feedback.objects.filter(kind="instruction").exists()
    assert Forward.objects.filter(leader__isnull=False).exists()
    # Numbers run without a gap in each session (or, between sessions, each year).
    groups = Filing.objects.values("body", "kind", "session", "year").annotate(n=Count("id"))
    for g in groups:
        numbers = sorted(
            Filing.objects.filter(
                body=g["body"], kind=g["kind"], session=g["session"], year=g["year"]
            ).values_list("number", flat=True)
        )
        assert numbers == list(range(1, g["n"] + 1)), g
    assert verify_chain().ok


def test_deadlines_and_rates_look_real():
    loaded()
    replies = list(Reply.objects.select_related("assignment", "filing"))
    assert len(replies) > 250
    for r in replies:
        a = r.assignment
        if r.round != a.round:
            continue  # answered again since: the assignment holds the later round's deadline
        # Three months (six if difficult), one month for a second answer (DL 51; 沪建议规定 21).
        first = rules.reply_due(a.started_on, r.filing.difficult)
        assert a.due == (first if r.round == 1 else rules.rereply_due(a.started_on)), r.pk
        # Answered by the deadline in force (extended or not); on time: by the first one.
        assert r.replied_on <= (a.extended_due or a.due), r.pk
        assert r.on_time == (r.replied_on <= a.due)
    for rating in Rating.objects.select_related("reply"):
        assert rating.rated_on <= rules.rating_due(rating.reply.replied_on)
    s = stats.statistics(Organisation.objects.get(kind=OrgKind.CPPCC).pk, 2024, today=TODAY)
    h = s.handling
    assert 0.85 <= h.on_time_rate < 1 and 0.9 <= h.satisfaction_rate < 1
    assert h.overdue == 0  # all answered by mid-2025
    assert s.kind_figures("proposal").reply_rate == 1
    assert 50 <= s.opinions.total.adopted < s.opinions.total.submitted
    # Nothing happened on or after "today".
    later = Q(submitted_at__date__gte=TODAY) | Q(closed_at__date__gte=TODAY)
    assert not Filing.objects.filter(later).exists()


def test_an_earlier_today_stops_the_year_where_it_is():
    today = date(2024, 3, 1)
    loaded(today=today)
    assert not Filing.objects.filter(submitted_at__date__gte=today).exists()
    assert not Decision.objects.filter(decided_at__date__gte=today).exists()
    assert not Reply.objects.filter(replied_on__gte=today).exists()
    assert not Rating.objects.filter(rated_on__gte=today).exists()
    # Most answers are not due before April: many filings are still being handled.
    assert Filing.objects.filter(state="assigned").count() > 100
    assert Filing.objects.filter(kind="proposal").count() > 150


def test_the_accounts_the_demo_needs():
    loaded()
    clerk = get_user_model().objects.get(username="chengban")
    assert clerk.is_active and clerk.check_password(DEMO_PASSWORD)
    unit = Membership.objects.get(person__user=clerk).organisation
    assert unit.name == "区教育局" and Assignment.objects.filter(unit=unit).exists()
    # The member and delegate accounts have filings of their own.
    for username in ("weiyuan", "daibiao"):
        assert Filing.objects.filter(filers__person__user__username=username).exists(), username
    # Those who act only through the loader cannot sign in.
    helpers = get_user_model().objects.filter(username__startswith="demo-")
    assert helpers.exists() and not helpers.filter(is_active=True).exists()


def test_work_in_hand_on_today():
    """Whenever the demo is loaded, the clerk has replies to write (one overdue, one due
    within days), the secretariat filings to review and assign and a request for more time,
    and the public page a few published replies; all invented and marked, none dated today."""
    filed = loaded()
    assert filed.get("proposal", 0) >= 180
    clerk = get_user_model().objects.get(username="chengban")
    unit = Membership.objects.get(person__user=clerk).organisation
    owed = [d for d in due.open_duties(TODAY) if d.assignment and d.assignment.unit_id == unit.pk]
    days = sorted((d.due - TODAY).days for d in owed if d.what == "reply")
    assert len(owed) >= 4 and any(n < 0 for n in days) and any(0 <= n <= 7 for n in days)
    assert any(d.what == "co_opinion" for d in owed)
    assert all(d.filing.synthetic for d in owed)
    now = desk.desk(TODAY)
    assert now.to_review >= 3 and now.to_assign >= 2 and now.extension_requests == 1
    request = ExtensionRequest.objects.get()
    assert request.state == "pending" and request.assignment.unit.name == "区住房城乡建设管理委"
    assert request.requested_at.date() < TODAY
    published = Filing.objects.filter(public=True)
    assert published.count() >= 4 and not published.filter(synthetic=False).exists()
    assert Reply.objects.filter(public=True, published_at__date__lt=TODAY).count() >= 4
    assert not Filing.objects.filter(created_at__date__gte=TODAY).exists()
    # The pages, as each account sees them (on the demo's today).
    with time_machine.travel(datetime.combine(TODAY, time(10), tzinfo=SHANGHAI), tick=False):
        web = Client()
        web.force_login(clerk)
        page = web.get("/proposals/unit/").content.decode()
        assert "已逾期" in page and "办理（申请延期）" in page and "还有" in page
        officer = Client()
        officer.force_login(get_user_model().objects.get(username="mishu"))
        page = officer.get("/proposals/desk/").content.decode()
        assert "延期申请" in page and "同意延期" in page
        public = Client().get("/proposals/public/").content.decode()
        assert published.first().title in public and "暂无公开的件" not in public


def test_searchable_once_loaded_and_loaded_once():
    loaded()
    assert SearchText.objects.count() == Filing.objects.count()
    actor = get_user_model().objects.get(username="mishu")
    before = Filing.objects.count()
    assert replay_proposals(today=TODAY, actor=actor) == {}
    assert Filing.objects.count() == before


def test_scale_zero_writes_nothing():
    load_demo_once(votes=False, today=TODAY)
    before = Filing.objects.count()  # none, unless the loader replays the filings itself
    actor = get_user_model().objects.get(username="mishu")
    assert replay_proposals(today=TODAY, actor=actor, scale=0) == {}
    assert Filing.objects.count() == before
