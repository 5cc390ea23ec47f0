"""Per-person votes in the export: a named vote lists each choice, a secret one never does."""

import json

import jsonschema
import pytest
from django.test import Client

from conftest import PASSWORD
from lianghui.records.api import session_schema
from lianghui.records.opendata import export_session
from lianghui.votes.models import NamedBallot, Poll, SecretBallot, Voter

pytestmark = pytest.mark.django_db


def published_poll(hall, question: str, *, secret: bool) -> Poll:
    return Poll.objects.create(
        meeting=hall.plenary,
        body=hall.congress,
        question=question,
        secret=secret,
        state="published",
        members_total=6,
        present=5,
        entitled=5,
        yes=3,
        no=1,
        abstain=0,
        passed=True,
        sentence="赞成 3 票，超过全体代表 6 人的半数，通过。",
    )


@pytest.fixture
def voted(hall):
    named = published_poll(hall, "表决通过记名事项", secret=False)
    for person, choice in zip(hall.delegates[:4], ["yes", "yes", "no", "yes"], strict=True):
        NamedBallot.objects.create(poll=named, person=person, choice=choice)
    secret = published_poll(hall, "表决通过无记名事项", secret=True)
    for i, (person, choice) in enumerate(
        zip(hall.delegates[:4], ["yes", "no", "yes", "yes"], strict=True)
    ):
        Voter.objects.create(poll=secret, person=person, token_hash=f"{i:064x}")
        SecretBallot.objects.create(poll=secret, choice=choice, receipt=f"RCPT{i:04d}")
    # Not yet published: not exported at all.
    Poll.objects.create(meeting=hall.plenary, body=hall.congress, question="尚在表决中的事项")
    hall.named, hall.secret = named, secret
    return hall


def test_named_vote_lists_each_choice_secret_vote_none(voted):
    data = export_session(voted.session)
    jsonschema.validate(data, session_schema())
    votes = {v["motion_text"]: v for v in data["vote_events"]}
    assert set(votes) == {"表决通过记名事项", "表决通过无记名事项"}
    named, secret = votes["表决通过记名事项"], votes["表决通过无记名事项"]
    assert named["secret"] is False
    assert named["votes"] == [
        {"voter_id": f"person/{p.pk}", "option": c}
        for p, c in sorted(
            zip(voted.delegates[:4], ["yes", "yes", "no", "yes"], strict=True),
            key=lambda pc: pc[0].pk,
        )
    ]
    assert secret["secret"] is True and "votes" not in secret
    assert {c["option"]: c["value"] for c in secret["counts"]} == {
        "yes": 3,
        "no": 1,
        "abstain": 0,
        "not voting": 1,
        "absent": 1,
    }
    text = json.dumps(data, ensure_ascii=False)
    assert "RCPT" not in text
    for voter in Voter.objects.filter(poll=voted.secret):
        assert str(voter.pk) not in text


def test_schema_refuses_a_secret_vote_with_per_person_votes(voted):
    data = export_session(voted.session)
    secret = next(v for v in data["vote_events"] if v["secret"])
    secret["votes"] = [{"voter_id": f"person/{voted.delegates[0].pk}", "option": "yes"}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, session_schema())


def test_export_of_a_private_session_is_not_public(voted):
    voted.session.public = False
    voted.session.save(update_fields=["public"])
    url = f"/api/records/sessions/{voted.session.pk}/opendata"
    assert Client().get(url).status_code == 404
    c = Client()
    assert c.login(username=voted.officer.username, password=PASSWORD)
    assert c.get(url).status_code == 200
