"""LOL 25: a congress's own vote never passes on less than more than half of ALL delegates.

A stricter threshold (two thirds) is always allowed; other bases and lower fractions only for
other bodies (a presidium meeting, a CPPCC session). Rules, action, API and the vote form.
"""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import PASSWORD
from lianghui.errors import ActionError
from lianghui.votes import actions
from lianghui.votes.actions import PollSettings
from lianghui.votes.models import Poll
from lianghui.votes.rules import (
    HALF,
    TWO_THIRDS,
    Base,
    Threshold,
    congress_floor_refusal,
    majority_of,
    meets_congress_floor,
)

ARTICLE = "依照地方组织法第二十五条，本级人民代表大会的选举和决议须经全体代表的过半数通过"


# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "lawful"),
    [
        (Threshold(Base.ALL, HALF, strict=True), True),  # 过半数: the law itself
        (Threshold(Base.ALL, HALF, strict=False), False),  # 半数以上: 150 of 300 would pass
        (Threshold(Base.ALL, TWO_THIRDS, strict=False), True),  # stricter: allowed
        (Threshold(Base.ALL, Fraction(51, 100), strict=False), True),
        (Threshold(Base.ALL, Fraction(49, 100), strict=True), False),
        (Threshold(Base.ALL, Fraction(1, 3), strict=True), False),
        (Threshold(Base.ALL, Fraction(1, 1), strict=False), True),  # unanimity of all
        (Threshold(Base.PRESENT, HALF, strict=True), False),
        (Threshold(Base.PRESENT, TWO_THIRDS, strict=False), False),  # 2/3 of 2/3 < 1/2
        (Threshold(Base.CAST, Fraction(1, 1), strict=False), False),
    ],
)
def test_the_floor_lol_25(threshold, lawful):
    assert meets_congress_floor(threshold) is lawful
    refusal = congress_floor_refusal(threshold)
    assert (refusal is None) is lawful
    if not lawful:
        assert refusal.startswith(ARTICLE)


def test_the_refusal_says_why():
    assert "不能以出席人数或参加表决的票数为基数" in congress_floor_refusal(
        Threshold(Base.CAST, HALF)
    )
    assert "不能低于过半数" in congress_floor_refusal(Threshold(Base.ALL, Fraction(1, 3)))


fractions = st.builds(Fraction, st.integers(1, 100), st.integers(1, 100)).filter(
    lambda f: 0 < f <= 1
)


@given(fractions, st.booleans())
def test_lawful_exactly_when_every_size_of_congress_needs_a_majority_lol_25(fraction, strict):
    """Over all delegates, a threshold is lawful iff for no number of delegates it lets
    fewer than a majority pass."""
    t = Threshold(Base.ALL, fraction, strict)
    always_majority = all(t.needed(n) >= majority_of(n) for n in range(1, 202))
    assert meets_congress_floor(t) is always_majority


@given(fractions, st.booleans(), st.sampled_from([Base.PRESENT, Base.CAST]))
def test_no_base_but_all_delegates_is_lawful_lol_25(fraction, strict, base):
    assert not meets_congress_floor(Threshold(base, fraction, strict))


# --- the action, the API and the form ------------------------------------------------------


def settings_for(base="all", num=1, den=2, strict=True):
    return PollSettings(
        question="关于本次会议议程的决定",
        base=base,
        fraction_numerator=num,
        fraction_denominator=den,
        strict=strict,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("base", "num", "den", "strict"),
    [("cast", 1, 3, True), ("present", 1, 2, True), ("cast", 2, 3, False), ("all", 1, 2, False)],
)
def test_a_congress_vote_below_the_floor_is_refused_and_nothing_stored(
    hall, base, num, den, strict
):
    from lianghui.audit.models import Event

    events = Event.objects.count()
    with pytest.raises(ActionError) as e:
        actions.create_poll(hall.plenary, settings_for(base, num, den, strict), hall.officer)
    assert e.value.code == "below_legal_floor" and e.value.status == 422
    assert e.value.message.startswith(ARTICLE)
    assert not Poll.objects.exists() and Event.objects.count() == events


@pytest.mark.django_db
def test_a_congress_may_ask_for_two_thirds_of_all(hall):
    poll = actions.create_poll(hall.plenary, settings_for("all", 2, 3, False), hall.officer)
    assert (poll.base, poll.fraction_numerator, poll.strict) == ("all", 2, False)


@pytest.fixture
def presidium_meeting(hall):
    from lianghui.sessions.models import Meeting, MeetingKind

    return Meeting.objects.create(
        session=hall.session,
        kind=MeetingKind.PRESIDIUM,
        title="主席团第一次会议",
        starts_at=dt.datetime(2024, 1, 10, 8, 0, tzinfo=dt.UTC),
    )


@pytest.mark.django_db
def test_a_presidium_meeting_may_use_its_own_rules(hall, presidium_meeting):
    poll = actions.create_poll(presidium_meeting, settings_for("present", 1, 2), hall.officer)
    assert poll.base == "present"


@pytest.mark.django_db
def test_a_cppcc_session_may_use_its_own_rules(hall):
    hall.congress.kind = "cppcc"
    hall.congress.save(update_fields=["kind"])
    poll = actions.create_poll(hall.plenary, settings_for("cast", 1, 2), hall.officer)
    assert poll.base == "cast"


def _client(user):
    from django.test import Client

    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.mark.django_db
def test_the_api_refuses_a_congress_vote_on_a_third_of_votes_cast(hall):
    r = _client(hall.officer).post(
        "/api/votes/",
        {
            "meeting_id": hall.plenary.pk,
            "question": "关于本次会议议程的决定",
            "base": "cast",
            "fraction_numerator": 1,
            "fraction_denominator": 3,
        },
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["code"] == "below_legal_floor"
    assert r.json()["message"].startswith(ARTICLE)
    assert not Poll.objects.exists()


@pytest.mark.django_db
def test_the_vote_form_says_why_and_creates_nothing(hall):
    r = _client(hall.officer).post(
        f"/meetings/{hall.plenary.pk}/votes/new/",
        {"question": "表决通过决议", "mode": "electronic", "base": "present", "fraction": "1/2"},
        follow=True,
    )
    assert ARTICLE in r.content.decode()
    assert not Poll.objects.exists()


@pytest.mark.django_db
def test_a_draft_stored_below_the_floor_cannot_be_opened(hall):
    """A congress's draft poll saved before the floor was enforced is refused at opening."""
    poll = actions.create_poll(hall.plenary, settings_for("all", 1, 2), hall.officer)
    Poll.objects.filter(pk=poll.pk).update(
        base="cast", fraction_numerator=1, fraction_denominator=3
    )
    with pytest.raises(ActionError) as e:
        actions.open_poll(poll, hall.officer)
    assert e.value.code == "below_legal_floor" and e.value.message.startswith(ARTICLE)
    poll.refresh_from_db()
    assert poll.state == "draft" and poll.opened_at is None
