import pytest
from django.test import Client

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.audit.models import Event
from lianghui.errors import ActionError, PermissionDenied
from lianghui.hall import actions
from lianghui.hall.models import SpeechState
from lianghui.hall.snapshot import build_snapshot
from lianghui.hall.tokens import screen_token, token_allows
from lianghui.votes import actions as votes
from lianghui.votes.testing import close_and_count, decrypt, press


@pytest.mark.django_db
def test_chair_moves_through_the_agenda(hall):
    from lianghui.sessions.models import AgendaItem

    AgendaItem.objects.create(meeting=hall.plenary, order=2, title="表决通过会议议程")
    state = actions.set_current_item(hall.plenary, hall.officer, step=1)
    assert state.current_item.order == 1
    state = actions.set_current_item(hall.plenary, hall.officer, step=1)
    assert state.current_item.order == 2
    state = actions.set_current_item(hall.plenary, hall.officer, step=1)
    assert state.current_item.order == 2  # stays on the last item
    state = actions.set_current_item(hall.plenary, hall.officer, step=-1)
    assert build_snapshot(hall.plenary.pk)["item"]["title"] == "政府工作报告"
    with pytest.raises(PermissionDenied):
        actions.set_current_item(hall.plenary, hall.delegate_user, step=1)
    assert Event.objects.filter(kind="hall.item_shown").count() == 4


@pytest.mark.django_db
def test_speakers_queue(hall):
    from django.contrib.auth.models import User

    me = actions.request_to_speak(hall.plenary, hall.delegate_user, "关于城市更新")
    with pytest.raises(ActionError) as e:
        actions.request_to_speak(hall.plenary, hall.delegate_user)
    assert e.value.code == "already_requested"
    other_user = User.objects.create_user("li", password="x")
    hall.delegates[1].user = other_user
    hall.delegates[1].save(update_fields=["user"])
    other = actions.request_to_speak(hall.plenary, other_user)
    actions.move(hall.plenary, other.pk, 1, hall.officer)
    assert [q["name"] for q in build_snapshot(hall.plenary.pk)["queue"]] == ["李四", "张三"]
    actions.start_speech(hall.plenary, other.pk, hall.officer, 180)
    with pytest.raises(ActionError) as e:
        actions.start_speech(hall.plenary, me.pk, hall.officer)
    assert e.value.code == "someone_speaking"
    snap = build_snapshot(hall.plenary.pk)
    assert snap["speaker"]["name"] == "李四" and snap["speaker"]["limit_seconds"] == 180
    actions.end_speech(hall.plenary, other.pk, hall.officer)
    actions.withdraw(hall.plenary, me.pk, hall.delegate_user)
    me.refresh_from_db()
    assert me.state == SpeechState.WITHDRAWN
    with pytest.raises(PermissionDenied):
        actions.request_to_speak(hall.plenary, hall.outsider)


@pytest.mark.django_db
def test_snapshot_never_shows_choices_while_open(hall, scrutineers):
    import secrets

    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    poll = votes.create_poll(hall.plenary, votes.PollSettings(question="表决"), hall.officer)
    votes.open_poll(poll, hall.officer)
    press(poll, hall.delegates[0], "yes", secrets.token_urlsafe(24), hall.delegate_user)
    snap = build_snapshot(hall.plenary.pk)["poll"]
    assert (snap["state"], snap["cast"], snap["entitled"], snap["result"]) == ("open", 1, 5, None)
    votes.close_poll(poll, hall.officer)
    snap = build_snapshot(hall.plenary.pk)["poll"]
    assert snap["state"] == "tallying" and snap["result"] is None  # until k trustees decrypt
    decrypt(poll, scrutineers)
    snap = build_snapshot(hall.plenary.pk)["poll"]
    assert snap["result"]["yes"] == 1 and snap["result"]["did_not_vote"] == 4
    assert snap["result"]["sentence"].startswith("赞成 1 票")


@pytest.mark.django_db
def test_snapshot_query_count_is_fixed(hall, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        build_snapshot(hall.plenary.pk)


@pytest.mark.django_db
def test_screen_token_opens_only_its_meeting(hall):
    token = screen_token(hall.plenary.pk)
    assert token_allows(token, hall.plenary.pk) and not token_allows(token, hall.group.pk)
    assert not token_allows(token + "x", hall.plenary.pk)
    hall.session.public = False
    hall.session.save(update_fields=["public"])
    anonymous = Client()
    assert anonymous.get(f"/hall/{hall.plenary.pk}/screen").status_code == 404
    assert anonymous.get(f"/hall/{hall.plenary.pk}/screen?token={token}").status_code == 200
    assert (
        anonymous.get(f"/hall/{hall.plenary.pk}/state.json?token={token}").json()["meeting"]["id"]
        == hall.plenary.pk
    )


@pytest.mark.django_db
def test_console_and_tablet_permissions(hall):
    def client(user):
        c = Client()
        c.login(username=user.username, password=PASSWORD)
        return c

    assert client(hall.officer).get(f"/hall/{hall.plenary.pk}/console").status_code == 200
    assert client(hall.delegate_user).get(f"/hall/{hall.plenary.pk}/console").status_code == 404
    assert client(hall.delegate_user).get(f"/hall/{hall.plenary.pk}/tablet").status_code == 200
    assert Client().get(f"/hall/{hall.plenary.pk}/tablet").status_code == 302
    r = client(hall.delegate_user).post(f"/hall/{hall.plenary.pk}/console/next")
    assert r.status_code == 302 and not Event.objects.filter(kind="hall.item_shown").exists()


@pytest.mark.django_db
def test_snapshot_shows_an_election_once_declared(decide, hall, scrutineers):
    from lianghui.elections import actions as elections
    from lianghui.elections.models import Office
    from lianghui.people.models import Person

    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    office = Office.objects.create(body=hall.congress, title="区人民法院院长", kind="head")
    election = elections.create_election(hall.plenary, office, 1, hall.officer, mode="electronic")
    mai = Person.objects.create(name="麦珏")
    elections.nominate(
        election, mai, hall.officer, by_presidium=True, decision=decide.nomination(election, [mai])
    )
    elections.fix_candidates(
        election, [mai.pk], decide.candidates(election, [mai.pk]), hall.officer
    )
    elections.open_election(election, hall.officer)
    snap = build_snapshot(hall.plenary.pk)["election"]
    assert snap["state"] == "open" and snap["cast"] == 0 and snap["result"] is None
    import secrets

    from lianghui.elections import encrypted
    from lianghui.elections.models import Election

    election = Election.objects.get(pk=election.pk)  # its definition, frozen at opening
    elections.cast_electronic(
        election.pk,
        hall.delegates[0],
        encrypted.make_ballot(election, hall.delegates[0].pk, ["yes"]),
        secrets.token_urlsafe(24),
        hall.delegate_user,
    )
    election = elections.close_voting(election, hall.officer)
    # The scrutineers' devices decrypt the totals; the count runs by itself.
    scrutineers.answer(
        elections.decryption_request(election),
        lambda user, m: elections.add_partial_decryption(election.pk, user, m),
    )
    election = Election.objects.get(pk=election.pk)
    assert (
        build_snapshot(hall.plenary.pk)["election"]["result"] is None
    )  # counted, not yet declared
    elections.declare(election, hall.officer, decide.validity(election))
    snap = build_snapshot(hall.plenary.pk)["election"]
    assert snap["result"]["elected"] == [] and any(
        "未当选" in s for s in snap["result"]["sentences"]
    )
    assert build_snapshot(hall.plenary.pk)["current"] == "election"


@pytest.mark.django_db
def test_the_screen_shows_only_the_newest_vote_or_election(decide, hall, scrutineers):
    from lianghui.elections import actions as elections
    from lianghui.elections.models import Office
    from lianghui.people.models import Person

    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    assert build_snapshot(hall.plenary.pk)["current"] is None
    poll = votes.create_poll(hall.plenary, votes.PollSettings(question="表决"), hall.officer)
    votes.open_poll(poll, hall.officer)
    votes.close_poll(poll, hall.officer)
    assert build_snapshot(hall.plenary.pk)["current"] == "poll"
    office = Office.objects.create(body=hall.congress, title="区人民法院院长", kind="head")
    election = elections.create_election(hall.plenary, office, 1, hall.officer, mode="electronic")
    mai = Person.objects.create(name="麦珏")
    elections.nominate(
        election, mai, hall.officer, by_presidium=True, decision=decide.nomination(election, [mai])
    )
    elections.fix_candidates(
        election, [mai.pk], decide.candidates(election, [mai.pk]), hall.officer
    )
    elections.open_election(election, hall.officer)
    # The election opened: the vote's result leaves the screen.
    assert build_snapshot(hall.plenary.pk)["current"] == "election"
    elections.close_voting(election, hall.officer)  # no ballot: counted at once (all 0)
    elections.declare(election, hall.officer, decide.validity(election))
    assert build_snapshot(hall.plenary.pk)["current"] == "election"
    # A new vote opens: the election's result leaves the screen, and stays gone after.
    poll = votes.create_poll(hall.plenary, votes.PollSettings(question="再表决"), hall.officer)
    votes.open_poll(poll, hall.officer)
    snap = build_snapshot(hall.plenary.pk)
    assert snap["current"] == "poll" and snap["poll"]["question"] == "再表决"
    votes.close_poll(poll, hall.officer)
    assert build_snapshot(hall.plenary.pk)["current"] == "poll"


@pytest.mark.django_db
def test_a_cast_reuses_the_last_full_snapshot_with_the_new_count(
    hall, scrutineers, django_assert_max_num_queries
):
    import secrets

    for person in hall.delegates[:5]:
        attendance.check_in(hall.plenary, person, Method.DESK, hall.officer)
    poll = votes.create_poll(hall.plenary, votes.PollSettings(question="表决"), hall.officer)
    votes.open_poll(poll, hall.officer)
    full = build_snapshot(hall.plenary.pk)
    press(poll, hall.delegates[0], "yes", secrets.token_urlsafe(24), hall.delegate_user)
    with django_assert_max_num_queries(3):
        light = build_snapshot(hall.plenary.pk, light=True)
    assert light["poll"]["cast"] == 1 and full["poll"]["cast"] == 0
    assert light["version"] > full["version"] and light["quorum"] == full["quorum"]
    close_and_count(poll, hall.officer, scrutineers)
    assert build_snapshot(hall.plenary.pk, light=True)["poll"]["state"] == "published"


@pytest.mark.django_db(transaction=True)
def test_a_reconnecting_screen_reuses_the_last_text_until_something_changes(hall, monkeypatch):
    import json

    from asgiref.sync import async_to_sync

    from lianghui.hall import consumers

    consumers._texts.clear()
    builds = []
    real = consumers.live.snapshot
    monkeypatch.setattr(
        consumers.live, "snapshot", lambda m, light=False: builds.append(m) or real(m, light)
    )
    text = async_to_sync(consumers._snapshot_text)
    first, second = text(hall.plenary.pk), text(hall.plenary.pk)
    assert first == second and len(builds) == 1  # a reconnect storm builds it once
    attendance.check_in(hall.plenary, hall.delegates[0], Method.DESK, hall.officer)
    before = len(builds)  # the check-in's own push built one too
    third = json.loads(text(hall.plenary.pk))
    assert len(builds) == before + 1 and third["quorum"]["present"] == 1  # changed: rebuilt
