"""Ballots issued, as the scrutineers counted them, not only the delegates checked in (EL 44)."""

import datetime as dt

import pytest
from django.test import Client

from conftest import PASSWORD
from lianghui.attendance import actions as attendance
from lianghui.attendance.models import Method
from lianghui.audit.models import Event
from lianghui.elections import actions
from lianghui.elections.models import ElectionState
from lianghui.elections.tests.test_actions import court, yes  # noqa: F401 (fixture)
from lianghui.errors import ActionError
from lianghui.people.models import Person


def signer(hall):
    return [hall.delegates[1].pk]  # the chief scrutineer of the court fixture


def test_one_ballot_fewer_issued_makes_the_same_returned_count_void_el_44(court):  # noqa: F811
    """Five checked in, but one left before the ballots were handed out: four issued. Five
    returned is then more than issued, and the election is void."""
    hall, election, mai, (clerk1, clerk2) = court
    election = actions.open_election(election, hall.officer)
    assert election.issued == 5
    election = actions.record_issued(election, 4, signer(hall), hall.officer)
    assert election.issued == 4
    event = Event.objects.filter(kind="elections.issued_recorded").get()
    assert event.data["before"] == 5 and event.data["issued"] == 4
    actions.close_voting(election, hall.officer)
    actions.record_returned(election, 5, signer(hall), hall.officer)
    batch = actions.add_batch(election, 5, hall.officer)
    actions.key_batch(batch, 1, [yes(mai)] * 5, clerk1)
    actions.key_batch(batch, 2, [yes(mai)] * 5, clerk2)
    election = actions.count(election, hall.officer)
    assert election.state == ElectionState.VOID
    assert "发出选票 4 张，收回 5 张" in election.result["sentences"][0]


def test_returned_equal_to_the_corrected_issued_count_is_valid_el_44(court):  # noqa: F811
    hall, election, mai, (clerk1, clerk2) = court
    election = actions.open_election(election, hall.officer)
    actions.close_voting(election, hall.officer)
    election = actions.record_issued(election, 4, signer(hall), hall.officer)  # after closing
    actions.record_returned(election, 4, signer(hall), hall.officer)
    batch = actions.add_batch(election, 4, hall.officer)
    actions.key_batch(batch, 1, [yes(mai)] * 4, clerk1)
    actions.key_batch(batch, 2, [yes(mai)] * 4, clerk2)
    election = actions.count(election, hall.officer)
    assert election.state == ElectionState.COUNTED and election.result["issued"] == 4


@pytest.mark.parametrize(
    ("issued", "signers", "code"),
    [(6, "chief", "bad_issued"), (-1, "chief", "bad_issued"), (4, "nobody", "signatures")],
)
def test_refusals_leave_the_issued_count_and_the_log_alone(court, issued, signers, code):  # noqa: F811
    hall, election, _, _ = court
    election = actions.open_election(election, hall.officer)
    events = Event.objects.count()
    ids = signer(hall) if signers == "chief" else [hall.delegates[4].pk]
    with pytest.raises(ActionError) as e:
        actions.record_issued(election, issued, ids, hall.officer)
    assert e.value.code == code and e.value.status == 422
    election.refresh_from_db()
    assert election.issued == 5 and Event.objects.count() == events


def test_a_late_arrival_may_get_a_ballot(court):  # noqa: F811
    hall, election, _, _ = court
    election = actions.open_election(election, hall.officer)
    attendance.check_in(hall.plenary, hall.delegates[5], Method.DESK, hall.officer)
    assert actions.record_issued(election, 6, signer(hall), hall.officer).issued == 6


def test_fixed_once_the_returned_count_is_signed(court):  # noqa: F811
    hall, election, _, _ = court
    election = actions.open_election(election, hall.officer)
    actions.close_voting(election, hall.officer)
    actions.record_returned(election, 5, signer(hall), hall.officer)
    with pytest.raises(ActionError) as e:
        actions.record_issued(election, 4, signer(hall), hall.officer)
    assert e.value.code == "returned_recorded" and "第四十四条" in e.value.message


def test_not_before_the_vote_opens(court):  # noqa: F811
    hall, election, _, _ = court
    with pytest.raises(ActionError) as e:
        actions.record_issued(election, 4, signer(hall), hall.officer)
    assert e.value.code == "bad_state"


def _chair(hall):
    c = Client()
    assert c.login(username=hall.officer.username, password=PASSWORD)
    return c


def test_through_the_api_and_the_page(court):  # noqa: F811
    hall, election, _, _ = court
    chair = _chair(hall)
    actions.open_election(election, hall.officer)
    page = chair.get(f"/elections/{election.pk}/").content.decode()
    assert "更正发出选票数" in page
    r = chair.post(
        f"/api/elections/{election.pk}/issued",
        {"issued": 9, "scrutineer_ids": signer(hall)},
        content_type="application/json",
    )
    assert r.status_code == 422 and "第四十四条" in r.json()["message"]
    r = chair.post(
        f"/api/elections/{election.pk}/issued",
        {"issued": 4, "scrutineer_ids": signer(hall)},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["issued"] == 4
    r = chair.post(
        f"/elections/{election.pk}/step/issued/",
        {"issued": "3", "scrutineers": signer(hall)},
        follow=True,
    )
    election.refresh_from_db()
    assert election.issued == 3


def test_a_head_further_round_with_the_one_nominee_alone_lol_27_29(decide, court):  # noqa: F811
    """麦珏 alone gets 3 of 6 (not more than half of all): the further round may put her up
    alone again, uncontested (LOL 29 ¶3 orders a contest only for deputies and members)."""
    hall, election, mai, (clerk1, clerk2) = court
    election = actions.open_election(election, hall.officer)
    actions.close_voting(election, hall.officer)
    actions.record_returned(election, 5, signer(hall), hall.officer)
    batch = actions.add_batch(election, 5, hall.officer)
    no = {"marks": {str(mai.pk): "no"}, "write_ins": []}
    actions.key_batch(batch, 1, [yes(mai)] * 3 + [no] * 2, clerk1)
    actions.key_batch(batch, 2, [yes(mai)] * 3 + [no] * 2, clerk2)
    election = actions.declare(
        actions.count(election, hall.officer), hall.officer, decide.validity(election)
    )
    assert election.result["unfilled"] == 1
    early = decide.next_round(election, [mai])  # taken before the count: refused
    early.decided_at = election.closed_at - dt.timedelta(minutes=1)
    early.save(update_fields=["decided_at"])
    with pytest.raises(ActionError) as e:
        actions.next_round(election, hall.officer, early.pk, person_ids=[mai.pk])
    assert e.value.code == "presidium_decision_too_early" and "第二十九条" in e.value.message
    other = Person.objects.create(name="另一人")
    with pytest.raises(ActionError) as e:  # the persons must be the decision's
        actions.next_round(
            election, hall.officer, decide.next_round(election, [mai]), person_ids=[other.pk]
        )
    assert e.value.code == "presidium_decision_persons"
    assert not election.next_rounds.exists()
    further = actions.next_round(
        election, hall.officer, decide.next_round(election, [mai]), person_ids=[mai.pk]
    )
    assert further.round_kind == "further" and further.surplus is None
    candidates = actions.fix_candidates(
        further, [mai.pk], decide.candidates(further, [mai.pk]), hall.officer
    )
    assert [c.person_id for c in candidates] == [mai.pk]
    further.refresh_from_db()
    assert not further.contested
