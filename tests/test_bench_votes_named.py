"""bench votes --ballot named: what counts as acknowledged, and the roll-call check that
every acknowledged voter's choice is stored exactly once and nothing else is."""

from bench.votes import _roll_call, _summary


def record(status, choice, tries, token, at=0.0):
    return (at, at + 0.01, status, choice, tries, token)


def test_acknowledged_is_a_201_or_a_200_on_a_retry():
    out = _summary(
        [
            record(201, "yes", 1, "a"),
            record(200, "no", 2, "b"),  # stored by the first try, whose answer was lost
            record(200, "abstain", 1, "c"),  # a first try answered 200: not this press's
            record(503, "yes", 5, "d"),
            record("ConnectionLost", "no", 5, "e"),
        ]
    )
    assert out["_acknowledged"] == {"a": "yes", "b": "no"}
    assert out["accepted"] == {"yes": 1, "no": 1, "abstain": 0}
    assert out["errors_by_status"] == {"503": 1, "ConnectionLost": 1}


def test_roll_call_equal_to_what_was_acknowledged():
    got = _roll_call({1: ["yes"], 2: ["no"]}, {1: "yes", 2: "no"})
    assert got["choices_match_acknowledged"] is True
    assert got["acknowledged_not_stored_once_as_pressed"] == 0


def test_roll_call_catches_a_lost_a_changed_a_doubled_and_an_unacknowledged_ballot():
    acknowledged = {1: "yes", 2: "no", 3: "abstain", 4: "yes"}
    roll = {2: ["yes"], 3: ["abstain", "abstain"], 4: ["yes"], 5: ["no"]}
    got = _roll_call(roll, acknowledged)
    assert got["acknowledged_not_stored_once_as_pressed"] == 2 + 1  # 1 lost, 2 changed, 3 twice
    assert got["stored_without_acknowledgement"] == 1  # 5
    assert got["choices_match_acknowledged"] is False
