"""A secretariat of one body (SecretariatSeat): the secretariat in its own body's sessions,
meetings, votes, elections and proposals; nobody special in another body's; and not the
secretariat of every body where a gate names no body (the roster of all people)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from lianghui.people.access import is_secretariat, secretariat_body_ids
from lianghui.people.models import Organisation, OrgKind, SecretariatSeat
from lianghui.proposals.tests.conftest import desk  # noqa: F401 (a fixture)


def seated(username: str, body) -> Client:
    user = User.objects.create_user(username)
    SecretariatSeat.objects.create(user=user, body=body)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hidden(hall):
    hall.session.public = False
    hall.session.save(update_fields=["public"])
    return hall


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


@pytest.mark.django_db
def test_a_bodys_secretariat_runs_its_own_bodys_meetings_and_nobody_elses(hidden):
    hall = hidden
    other_body = Organisation.objects.create(kind=OrgKind.CONGRESS, name="另一区人民代表大会")
    own, other = seated("own-mishu", hall.congress), seated("other-mishu", other_body)
    vote = {"meeting_id": hall.plenary.pk, "question": "表决通过会议议程", "secret": False}
    election = {"meeting_id": hall.plenary.pk, "office": {"title": "区长"}, "seats": 1}

    assert own.get(f"/api/sessions/{hall.session.pk}").status_code == 200
    assert own.get(f"/sessions/{hall.session.pk}/").status_code == 200
    poll = post(own, "/api/votes/", vote)
    assert poll.status_code == 201, poll.content
    assert post(own, f"/api/votes/{poll.json()['id']}/open", {}).status_code == 200
    assert post(own, "/api/elections/", election).status_code == 201

    # The other body's secretariat: the session does not exist for it, nor its votes.
    assert other.get(f"/api/sessions/{hall.session.pk}").status_code == 404
    assert other.get(f"/sessions/{hall.session.pk}/").status_code == 404
    assert other.get(f"/api/votes/{poll.json()['id']}").status_code == 404
    assert post(other, "/api/votes/", vote).status_code in (403, 404)
    assert post(other, "/api/elections/", election).status_code in (403, 404)
    assert post(other, f"/api/votes/{poll.json()['id']}/close", {}).status_code == 404

    # Its body's check-in list and chronicle desk; not the other's.
    for path in (
        f"/api/attendance/meetings/{hall.plenary.pk}/checkins",
        f"/api/records/sessions/{hall.session.pk}/chronicle/desk",
    ):
        assert own.get(path).status_code == 200, path
        assert other.get(path).status_code == 404, path

    # Everyone's roster is the secretariat of every body's: a one-body seat does not open it.
    assert own.get("/api/people/").status_code in (403, 404)
    assert own.get("/people/").status_code == 404


@pytest.mark.django_db
def test_a_cppcc_secretariat_sees_its_bodys_proposals_only(desk):  # noqa: F811
    d = desk
    member = Client()
    member.force_login(d.member_users[0])
    filing = post(
        member,
        "/api/proposals/",
        {
            "kind": "proposal",
            "body_id": d.cppcc.pk,
            "title": "关于公交线路的提案",
            "filer_type": "member",
            "text": "建议增开公交线路。",
            "subject": "交通",
        },
    )
    assert filing.status_code == 201, filing.content
    path = f"/api/proposals/{filing.json()['id']}"
    assert seated("cppcc-mishu", d.cppcc).get(path).status_code == 200
    assert seated("congress-mishu", d.hall.congress).get(path).status_code == 404


@pytest.mark.django_db
def test_without_a_body_only_the_secretariat_of_every_body_counts(hall):
    user = User.objects.create_user("seat")
    SecretariatSeat.objects.create(user=user, body=hall.congress)
    assert not is_secretariat(user)
    assert is_secretariat(user, hall.congress) and is_secretariat(user, hall.congress.pk)
    assert secretariat_body_ids(user) == {hall.congress.pk}
    assert is_secretariat(hall.officer) and is_secretariat(hall.officer, hall.congress)


@pytest.mark.django_db
def test_seats_are_granted_and_revoked_by_the_secretariat_of_every_body_audited(hall):
    from django.core.management import CommandError, call_command

    from lianghui.audit.models import Event

    User.objects.create_user("newcomer")
    call_command(
        "secretariat_seat",
        "grant",
        "newcomer",
        body=str(hall.congress.pk),
        by="mishu",
        reason="任命",
    )
    seat = SecretariatSeat.objects.get(user__username="newcomer")
    assert seat.body == hall.congress
    granted = Event.objects.get(kind="people.secretariat_seat_granted")
    assert granted.actor_id == hall.officer.pk and granted.data["reason"] == "任命"
    # A one-body secretariat cannot seat others; a reason is required.
    with pytest.raises(CommandError, match="全体机构的会务组"):
        call_command(
            "secretariat_seat",
            "grant",
            "daibiao",
            body=str(hall.congress.pk),
            by="newcomer",
            reason="x",
        )
    with pytest.raises(CommandError, match="原因"):
        call_command("secretariat_seat", "revoke", "newcomer", body=hall.congress.name, by="mishu")
    call_command(
        "secretariat_seat",
        "revoke",
        "newcomer",
        body=hall.congress.name,
        by="mishu",
        reason="调离",
    )
    assert not SecretariatSeat.objects.exists()
    assert Event.objects.filter(kind="people.secretariat_seat_revoked").count() == 1


@pytest.mark.django_db
def test_a_one_body_secretariat_is_privileged_like_the_others(hall, settings):
    from lianghui.accounts.roster import privileged_user_ids

    client = seated("seat-mishu", hall.congress)
    user = User.objects.get(username="seat-mishu")
    # No sign-in slip opens it (a slip is a bearer credential) …
    assert user.pk in privileged_user_ids()
    # … and with the second factor on, its password alone opens nothing.
    settings.SIGNIN_SECOND_FACTOR = True
    refused = client.get(f"/api/sessions/{hall.session.pk}")
    assert refused.status_code == 403 and refused.json()["code"] == "second_factor_required"
