"""The public record of an encrypted election through HTTP, re-checked by `lianghui verify`'s
code: it accepts the record as served and rejects a changed ciphertext, a dropped ballot, a
changed total and a forged partial decryption."""

import copy
import json

import pytest
from django.test import Client

from lianghui.ballots import ballot as B
from lianghui.ballots import group as G
from lianghui.ballots import record as R
from lianghui.cli import main as cli_main
from lianghui.elections import encrypted
from lianghui.elections.models import Election
from lianghui.elections.tests.test_http import (
    cast_all,
    electronic_election,
    login,
    post,
    present,  # noqa: F401 (a fixture)
)
from lianghui.elections.tests.trustees import decrypt, key_ceremony
from lianghui.people.models import Person


def _changed_ciphertext(r):
    c = r["ballots"][1]["ballot"]["answers"][1]["choices"][0]
    c["beta"] = G.add(G.point_from_str(c["beta"]), G.G).hex()
    r["ballots"][1]["tracker"] = B.tracker(r["ballots"][1]["ballot"])


def _dropped_ballot(r):
    del r["ballots"][0]
    r["result"]["num_tallied"] -= 1


def _changed_total(r):
    r["result"]["counts"][0] = [r["result"]["counts"][0][0] + 1, *r["result"]["counts"][0][1:]]


def _forged_partial_decryption(r):
    f = r["partial_decryptions"][1]["factors"][3]
    f["factor"] = G.add(G.point_from_str(f["factor"]), G.G).hex()


def _swapped_candidates(r):
    """The totals of two candidates exchanged: the sums no longer decrypt to them."""
    counts = r["result"]["counts"]
    counts[0], counts[1] = counts[1], counts[0]


TAMPERING = [
    (_changed_ciphertext, "§4"),
    (_dropped_ballot, "§5"),
    (_changed_total, "§8"),
    (_forged_partial_decryption, "§6"),
    (_swapped_candidates, "§8"),
]


@pytest.mark.django_db
def test_the_record_of_an_encrypted_election_verifies_and_tampering_does_not(
    present,  # noqa: F811
    tmp_path,
):
    hall = present
    devices, trustee_clients = key_ceremony(hall)
    chair = login(hall.officer)
    a, b = Person.objects.create(name="甲一"), Person.objects.create(name="乙二")
    eid = electronic_election(chair, hall, [a, b], seats=1, title="区人民政府区长")
    post(chair, f"/api/elections/{eid}/open")
    marks = [["yes", "no"], ["yes", "abstain"], ["no", "yes"], ["abstain", "abstain"]]
    trackers = cast_all(eid, hall.delegates[:4], marks, "rec")
    post(chair, f"/api/elections/{eid}/close")
    # The running tally kept as ballots arrived is the product over the stored ballots.
    closed = Election.objects.get(pk=eid)
    recomputed = [c for row in encrypted.tally(closed) for c in row]
    assert encrypted.running_tally(closed) == recomputed and len(recomputed) == 6
    assert chair.get(f"/api/elections/{eid}/record").status_code == 409  # not decrypted yet
    decrypt(eid, devices, trustee_clients, which=(1, 3))
    # Counted, not declared: the record (it holds the totals) only for the presidium.
    assert Client().get(f"/api/elections/{eid}/record").status_code == 409
    assert chair.get(f"/api/elections/{eid}/record").status_code == 200
    valid = hall.decide.validity(Election.objects.get(pk=eid))
    post(chair, f"/api/elections/{eid}/declare", {"decision_id": valid.pk})

    record = Client().get(f"/api/elections/{eid}/record").json()
    verdict = R.verify(record, jobs=1)
    assert verdict.ok, verdict.message
    assert verdict.counts == [[2, 1, 1], [1, 1, 2]] and verdict.ballots == 4
    assert [q["question"] for q in record["election"]["questions"]] == ["甲一", "乙二"]
    assert record["election"]["constraints"] == [{"choices": [[0, 0], [1, 0]], "min": 0, "max": 1}]
    assert sorted(b["tracker"] for b in record["ballots"]) == sorted(trackers)
    assert [t["name"] for t in record["trustees"]] == ["张三", "李四", "王五"]

    for tamper, where in TAMPERING:
        bad = copy.deepcopy(record)
        tamper(bad)
        verdict = R.verify(bad, jobs=1)
        assert not verdict.ok and where in verdict.message, (tamper.__name__, verdict.message)

    good = tmp_path / "election.json"
    good.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert cli_main(["verify", "--jobs", "1", str(good)]) == 0
    bad = copy.deepcopy(record)
    _dropped_ballot(bad)
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    assert cli_main(["verify", "--jobs", "1", str(tmp_path / "bad.json")]) == 1

    # The public page: the delegate's receipt is in the record, a made-up one is not.
    page = Client().get(f"/elections/{eid}/record/", {"tracker": trackers[2][:20]})
    assert page.status_code == 200 and "这张选票在记录中" in page.content.decode()
    assert "乙二" in page.content.decode()
    page = Client().get(f"/elections/{eid}/record/", {"tracker": "0" * 20})
    assert "记录中没有这个回执码" in page.content.decode()
    result_page = Client().get(f"/elections/{eid}/result/").content.decode()
    assert f"/elections/{eid}/record/" in result_page
