"""A new office named when an election is arranged is created by an audited action."""

import json

from django.test import Client

from lianghui.audit.models import Event
from lianghui.elections.models import Office


def _post(user, payload):
    client = Client()
    client.force_login(user)
    return client.post("/api/elections/", json.dumps(payload), content_type="application/json")


def test_a_new_office_is_recorded_with_its_election(hall):
    response = _post(
        hall.officer,
        {
            "meeting_id": hall.plenary.pk,
            "office": {"title": "区人民法院院长", "kind": "head", "needs_approval": False},
            "seats": 1,
        },
    )
    assert response.status_code == 201, response.content
    office = Office.objects.get(title="区人民法院院长")
    assert office.body == hall.congress
    event = Event.objects.get(kind="elections.office_created")
    assert event.subject == f"elections.office:{office.pk}"
    assert event.actor == hall.officer
    assert event.data == {
        "title": "区人民法院院长",
        "code": "court_president",  # named from the catalogue (LOL 26)
        "kind": "head",
        "needs_approval": False,
    }
    # Naming it again reuses the office and records nothing new.
    again = _post(
        hall.officer,
        {
            "meeting_id": hall.plenary.pk,
            "office": {"title": "区人民法院院长", "kind": "head"},
            "seats": 1,
        },
    )
    assert again.status_code == 201
    assert Event.objects.filter(kind="elections.office_created").count() == 1


def test_a_refused_election_leaves_no_office_and_no_event(hall):
    payload = {
        "meeting_id": hall.plenary.pk,
        "office": {"title": "区人民检察院检察长", "kind": "head", "needs_approval": True},
        "seats": 0,
    }
    response = _post(hall.officer, payload)
    assert response.status_code == 422
    assert response.json()["code"] == "bad_seats"
    # Not a chair: refused before anything is written.
    assert _post(hall.delegate_user, payload | {"seats": 1}).status_code == 403
    assert not Office.objects.filter(title="区人民检察院检察长").exists()
    assert not Event.objects.filter(kind="elections.office_created").exists()
