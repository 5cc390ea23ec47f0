"""The presidium as a body: its members, its meetings' roll, its decisions by its own vote."""

import datetime as dt

import pytest
from django.test import Client

from conftest import PASSWORD, SHANGHAI
from lianghui.attendance.queries import quorum_for
from lianghui.audit.models import Event
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.models import Person
from lianghui.presidium import actions
from lianghui.presidium.models import Decision
from lianghui.sessions.models import Meeting, MeetingKind
from lianghui.votes.models import Poll


def refused(fn, *args, **kwargs) -> ActionError:
    with pytest.raises(ActionError) as e:
        fn(*args, **kwargs)
    return e.value


@pytest.mark.django_db
def test_a_presidium_meeting_counts_the_presidium_not_the_congress(hall, decide):
    quorum = quorum_for(hall.presidium_meeting)
    assert (quorum.total, quorum.present) == (4, 4)
    assert [p.pk for p in actions.members(hall.session)] == sorted(
        (p.pk for p in hall.delegates[:4]),
        key=lambda pk: (Person.objects.get(pk=pk).pinyin, pk),
    )
    assert quorum_for(hall.plenary).total == 6  # the congress's meeting is unchanged


@pytest.mark.django_db
def test_a_decision_by_more_than_half_of_all_members(hall, decide):
    decision = decide(
        "nomination", "主席团决定提名张三。", election=7, persons=[hall.delegates[0].pk]
    )
    assert decision.adopted is True and "赞成4人" in decision.outcome
    poll = decision.poll
    assert (poll.base, poll.fraction_numerator, poll.fraction_denominator, poll.strict) == (
        "all",
        1,
        2,
        True,
    )
    assert poll.members_total == 4 and "全体主席团成员 4 人" in poll.sentence
    kinds = list(Event.objects.filter(kind__startswith="presidium.").values_list("kind", flat=True))
    assert kinds == ["presidium.members_set", "presidium.proposed", "presidium.decided"]


@pytest.mark.django_db
def test_half_of_the_members_do_not_decide(hall, decide):
    decision = decide("agenda", "主席团决定会议日程。", yes=2, no=2)
    assert decision.adopted is False and "未超过全体成员的半数" in decision.outcome
    e = refused(
        actions.cite, decision.pk, session=hall.session, subject="agenda", actor=hall.officer
    )
    assert e.code == "presidium_decision_not_adopted" and e.status == 409


@pytest.mark.django_db
def test_a_meeting_without_two_thirds_of_the_members_decides_nothing(hall, decide):
    from lianghui.attendance.models import CheckIn

    CheckIn.objects.filter(
        meeting=hall.presidium_meeting, person__in=hall.delegates[1:3]
    ).delete()  # two of four present: fewer than two thirds
    decision = decide("agenda", "主席团决定会议日程。")
    assert decision.adopted is False
    assert "不足三分之二" in decision.outcome and "第十三条" in decision.outcome


@pytest.mark.django_db
def test_citing_refuses_what_is_not_an_adopted_decision_of_this_session(hall, decide):
    nomination = decide("nomination", "提名。", election=3, persons=[hall.delegates[0].pk])
    e = refused(actions.cite, None, session=hall.session, subject="nomination", actor=None)
    assert e.code == "presidium_decision_required" and e.status == 422
    assert e.message.startswith("依照地方组织法第二十六条")
    e = refused(actions.cite, nomination.pk, session=hall.session, subject="validity", actor=None)
    assert e.code == "presidium_decision_subject" and "选举法第四十六条" in e.message
    e = refused(actions.cite, 99999, session=hall.session, subject="nomination", actor=None)
    assert e.code == "presidium_decision_unknown"
    assert (
        actions.cite(nomination.pk, session=hall.session, subject="nomination", actor=None)
        == nomination
    )


@pytest.mark.django_db
def test_a_pending_vote_is_not_a_decision(hall, decide):
    decision = actions.propose(
        hall.presidium_meeting, "agenda", "主席团决定会议日程。", hall.officer
    )
    e = refused(actions.cite, decision.pk, session=hall.session, subject="agenda", actor=None)
    assert e.code == "presidium_vote_pending"
    assert refused(actions.settle, decision, hall.officer).code == "vote_not_over"


@pytest.mark.django_db
def test_proposals_are_refused_outside_a_presidium_meeting_and_without_content(hall, decide):
    before = (Decision.objects.count(), Poll.objects.count(), Event.objects.count())
    e = refused(actions.propose, hall.plenary, "agenda", "日程。", hall.officer)
    assert e.code == "not_presidium_meeting" and "第十三条" in e.message
    m = hall.presidium_meeting
    assert refused(actions.propose, m, "agenda", "  ", hall.officer).code == "text_required"
    assert refused(actions.propose, m, "coffee", "日程。", hall.officer).code == "bad_subject"
    e = refused(actions.propose, m, "nomination", "提名。", hall.officer, matter={"election": 1})
    assert e.code == "persons_required"
    e = refused(actions.propose, m, "validity", "有效。", hall.officer, matter={"election": 1})
    assert e.code == "valid_required"
    e = refused(actions.propose, m, "candidates", "名单。", hall.officer, matter={"persons": [1]})
    assert e.code == "election_required"
    e = refused(actions.propose, m, "agenda", "日程。", hall.delegate_user)
    assert isinstance(e, PermissionDenied)
    assert (Decision.objects.count(), Poll.objects.count(), Event.objects.count()) == before


@pytest.mark.django_db
def test_no_decision_before_the_presidium_is_recorded(hall):
    meeting = Meeting.objects.create(
        session=hall.session,
        kind=MeetingKind.PRESIDIUM,
        title="主席团第一次会议",
        starts_at=dt.datetime(2024, 1, 10, 9, 0, tzinfo=SHANGHAI),
    )
    e = refused(actions.propose, meeting, "agenda", "日程。", hall.officer)
    assert e.code == "no_presidium" and e.status == 409


@pytest.mark.django_db
def test_members_are_the_bodys_own_delegates(hall):
    e = refused(actions.set_members, hall.session, [hall.guest.pk], hall.officer)
    assert e.code == "not_member" and "列席人" in e.message and "第十七条" in e.message
    assert refused(actions.set_members, hall.session, [], hall.officer).code == "no_members"
    with pytest.raises(PermissionDenied):
        actions.set_members(hall.session, [hall.delegates[0].pk], hall.delegate_user)
    assert actions.members(hall.session) == []
    actions.set_members(hall.session, [d.pk for d in hall.delegates[:3]], hall.officer)
    actions.set_members(hall.session, [d.pk for d in hall.delegates[1:4]], hall.officer)
    assert {p.pk for p in actions.members(hall.session)} == {d.pk for d in hall.delegates[1:4]}


@pytest.mark.django_db
def test_a_cppcc_session_has_a_chairs_meeting(hall):
    hall.congress.kind = "cppcc"
    hall.congress.save(update_fields=["kind"])
    for d in hall.delegates:
        d.memberships.filter(role="delegate").update(role="member")
    actions.set_members(hall.session, [d.pk for d in hall.delegates[:3]], hall.officer)
    assert actions.presidium_of(hall.session).kind == "chairs"
    meeting = Meeting.objects.create(
        session=hall.session,
        kind=MeetingKind.CHAIRS,
        title="主席会议",
        starts_at=dt.datetime(2024, 1, 10, 9, 0, tzinfo=SHANGHAI),
    )
    assert quorum_for(meeting).total == 3
    e = refused(actions.propose, hall.plenary, "agenda", "日程。", hall.officer)
    assert "主席会议" in e.message


def client(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.mark.django_db
def test_the_api_records_members_and_a_decision_put_to_the_vote(hall, decide):
    c = client(hall.officer)
    r = c.post(
        f"/api/presidium/meetings/{hall.presidium_meeting.pk}/decisions",
        {
            "subject": "candidates",
            "text": "主席团决定：张三为候选人。",
            "matter": {"election_id": 5, "person_ids": [hall.delegates[0].pk]},
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["adopted"] is None and body["poll_state"] == "draft"
    assert body["persons"] == [hall.delegates[0].pk] and body["election_id"] == 5
    pid, did = body["poll_id"], body["id"]
    assert c.post(f"/api/presidium/decisions/{did}/settle").status_code == 409
    assert c.post(f"/api/votes/{pid}/open").status_code == 200
    r = c.post(
        f"/api/votes/{pid}/counts",
        {"yes": 3, "no": 1, "abstain": 0},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    r = c.post(f"/api/presidium/decisions/{did}/settle")
    assert r.status_code == 200 and r.json()["adopted"] is True
    listing = Client().get(f"/api/presidium/sessions/{hall.session.pk}").json()
    assert listing["body"] == "主席团" and len(listing["members"]) == 4
    assert [d["id"] for d in listing["decisions"]] == [did]
    r = c.post(
        f"/api/presidium/meetings/{hall.plenary.pk}/decisions",
        {"subject": "agenda", "text": "日程。"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "第十三条" in r.json()["message"]
    r = client(hall.delegate_user).post(f"/api/presidium/decisions/{did}/settle")
    assert r.status_code == 403


@pytest.mark.django_db
def test_the_page_shows_members_and_decisions_and_the_secretariat_proposes(hall, decide):
    decide("agenda", "主席团决定会议日程。")
    page = Client().get(f"/sessions/{hall.session.pk}/presidium/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "主席团决定会议日程。" in text and "通过" in text and hall.delegates[0].name in text
    assert "提请主席团会议表决" not in text
    c = client(hall.officer)
    r = c.post(
        f"/sessions/{hall.session.pk}/presidium/decisions/",
        {
            "meeting": hall.presidium_meeting.pk,
            "subject": "nomination",
            "text": "主席团决定提名李四。",
            "election": "4",
            "persons": [hall.delegates[1].pk],
            "other_persons": f"{hall.guest.pk}",
        },
    )
    decision = Decision.objects.get(text="主席团决定提名李四。")
    assert r.status_code == 302 and r["Location"] == f"/votes/{decision.poll_id}/console/"
    assert decision.persons == sorted([hall.delegates[1].pk, hall.guest.pk])
    r = c.post(
        f"/sessions/{hall.session.pk}/presidium/decisions/",
        {"meeting": hall.plenary.pk, "subject": "agenda", "text": "日程。"},
        follow=True,
    )
    assert "主席团会议" in r.content.decode() and Decision.objects.count() == 2
    r = c.post(
        f"/sessions/{hall.session.pk}/presidium/members/",
        {"person": [d.pk for d in hall.delegates[:5]]},
    )
    assert r.status_code == 302 and len(actions.members(hall.session)) == 5
    assert "提请主席团会议表决" in c.get(f"/sessions/{hall.session.pk}/presidium/").content.decode()
