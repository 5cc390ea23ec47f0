"""The named steps of the count (elections/count.py), each on its own: the numbers checked,
the void vote, the votes needed, who may be written in, the ranking, the tallies and the
closing sentences. test_count.py covers the whole count they make up."""

import pytest

from lianghui.elections.count import (
    Ranking,
    Verdict,
    _check_numbers,
    _closing,
    _eligible,
    _tallies,
    _void_if_more_returned,
    rank,
    void_vote,
    votes_needed,
)


def name(p):
    return {"a": "甲", "b": "乙", "c": "丙", "x": "戊"}.get(p, str(p))


@pytest.mark.parametrize(
    ("seats", "total", "issued", "returned"),
    [(0, 300, 10, 10), (1, 0, 0, 0), (1, 300, 301, 10), (1, 300, -1, 0), (1, 300, 10, -1)],
)
def test_impossible_numbers_are_refused(seats, total, issued, returned):
    with pytest.raises(ValueError):
        _check_numbers(seats, total, issued, returned)


def test_possible_numbers_pass():
    _check_numbers(1, 300, 300, 301)  # more returned than issued is a void vote, not an error


def test_more_than_half_of_all_delegates_is_needed_but_one_in_a_revote():
    assert votes_needed(300, revote=False) == 151
    assert votes_needed(301, revote=False) == 151
    assert votes_needed(300, revote=True) == 1


def test_a_void_vote_elects_nobody_and_says_why():
    result = void_vote(seats=2, members_total=300, issued=280, returned=281)
    assert not result.valid
    assert result.elected == () and result.tallies == () and result.needed == 151
    assert result.sentences == (
        "应到 300 人，发出选票 280 张，收回 281 张，收回的选票多于发出的选票，选举无效，应重新投票。",
    )
    revote = void_vote(seats=1, members_total=300, issued=2, returned=3, revote=True)
    assert revote.revote_round and revote.needed == 1
    assert revote.sentences[0].startswith("就票数相等的人再次投票，")


def test_only_more_ballots_returned_than_issued_voids_the_vote():
    assert _void_if_more_returned(2, 300, 280, 280, False) is None
    assert _void_if_more_returned(2, 300, 280, 279, False) is None
    void = _void_if_more_returned(2, 300, 280, 281, True)
    assert void == void_vote(seats=2, members_total=300, issued=280, returned=281, revote=True)


def test_nobody_is_written_in_at_a_revote_and_any_collection_becomes_a_set():
    assert _eligible(["x"], revote=True) == frozenset()
    assert _eligible(None, revote=False) is None
    assert _eligible(["x", "x"], revote=False) == frozenset({"x"})
    chosen = {"x"}
    assert _eligible(chosen, revote=False) is chosen


def test_the_ranking_elects_the_highest_above_half_and_finds_a_tie_at_the_last_seat():
    yes = {"a": 200, "b": 180, "c": 180}
    ranking = rank(yes, {"x": 160}, ("a", "b", "c"), seats=2, needed=151, name=name)
    assert [p[0] for p in ranking.people] == ["a", "b", "c", "x"]
    assert [p[0] for p in ranking.elected] == ["a"]
    assert [p[0] for p in ranking.tied] == ["b", "c"]
    assert ranking.revote_seats == 1 and ranking.unfilled == 0
    assert ranking.verdict("a") == Verdict.ELECTED
    assert ranking.verdict("b") == Verdict.REVOTE
    assert ranking.verdict("x") == Verdict.OUTRANKED


def test_the_ranking_leaves_seats_unfilled_when_too_few_pass():
    ranking = rank({"a": 200, "b": 100}, {}, ("a", "b"), seats=2, needed=151, name=name)
    assert [p[0] for p in ranking.elected] == ["a"]
    assert ranking.tied == [] and ranking.revote_seats == 0 and ranking.unfilled == 1
    assert ranking.verdict("b") == Verdict.FAILED


def test_the_tallies_count_abstentions_and_leave_failed_write_ins_unsaid():
    ranking = rank({"a": 200}, {"x": 3}, ("a",), seats=1, needed=151, name=name)
    tallies, lines, failed = _tallies(
        ranking, {"a": 50}, valid_n=280, members_total=300, revote=False, name=name
    )
    assert [(t.person, t.yes, t.no, t.abstain, t.on_slate) for t in tallies] == [
        ("a", 200, 50, 30, True),
        ("x", 3, 0, 0, False),
    ]
    assert lines == ["甲 得赞成票 200 票，超过全体代表 300 人的半数，当选。"]
    assert failed == 1


def test_the_closing_sentences_name_the_elected_the_revote_and_the_further_round():
    ranking = Ranking(
        people=[],
        verdicts={},
        elected=[("a", 200, True)],
        tied=[("b", 180, True), ("c", 180, True)],
        revote_seats=1,
        unfilled=1,
    )
    assert _closing(ranking, seats=3, members_total=300, failed_write_ins=2, name=name) == [
        "另选他人 2 人，均未超过全体代表 300 人的半数。",
        "应选 3 名，当选 1 名：甲。",
        "乙、丙 票数相等，不能确定当选人，应当就票数相等的人再次投票，选出 1 名。",
        "不足的 1 名另行选举，可以在本次会议上进行，也可以在下一次会议上进行。",
    ]
    nobody = Ranking([], {}, [], [], 0, 1)
    assert _closing(nobody, seats=1, members_total=300, failed_write_ins=0, name=name) == [
        "应选 1 名，当选 0 名。",
        "不足的 1 名另行选举，可以在本次会议上进行，也可以在下一次会议上进行。",
    ]
