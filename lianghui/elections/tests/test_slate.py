"""The contest rule (LOL 27, 30; EL 31, 32, 57) and nominations (LOL 26)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianghui.elections.rules import (
    PRESIDIUM,
    OfficeKind,
    by_nominator,
    check_slate,
    joint_nomination_ok,
    nomination_limit_ok,
    preliminary_election_needed,
    surplus_range,
)

HEAD, DEPUTY, MEMBER, CITY = (
    OfficeKind.HEAD,
    OfficeKind.DEPUTY_HEAD,
    OfficeKind.STANDING_MEMBER,
    OfficeKind.CITY_DEPUTY,
)


def test_seed_mai_jue_alone_for_court_president_lol_27():
    """LOL 27: a head with one nominee may be elected uncontested (等额)."""
    check = check_slate(HEAD, 1, ["麦珏"])
    assert check.ok and check
    assert check.reason == "应选 1 名，提名的候选人只有一人，等额选举（LOL 27）。"


def test_head_two_candidates_contested_three_need_preliminary_lol_27():
    assert check_slate(HEAD, 1, 2).ok
    three = check_slate(HEAD, 1, 3)
    assert not three.ok and "预选" in three.reason and "LOL 27" in three.reason
    assert preliminary_election_needed(HEAD, 1, 3)
    assert not preliminary_election_needed(HEAD, 1, 2)


def test_head_uncontested_only_when_one_was_nominated_lol_27():
    assert not check_slate(HEAD, 1, 1, nominated=2).ok
    assert check_slate(HEAD, 1, 1, nominated=1).ok


def test_head_has_one_seat_lol_27():
    assert not check_slate(HEAD, 2, 3).ok
    assert not check_slate(HEAD, 1, 2, surplus=2).ok
    assert not check_slate(HEAD, 1, 2, surplus=0).ok


def test_deputy_heads_one_to_three_more_never_uncontested_lol_27():
    """LOL 27: 应比应选人数多一人至三人 … 进行差额选举 — no uncontested deputy heads outside
    a by-election (LOL 30)."""
    assert not check_slate(DEPUTY, 4, 4).ok
    assert [check_slate(DEPUTY, 4, 4 + k).ok for k in range(1, 4)] == [True] * 3
    assert not check_slate(DEPUTY, 4, 8).ok
    assert "预选" in check_slate(DEPUTY, 4, 8).reason


def test_the_election_methods_surplus_is_checked_and_binding_lol_27():
    assert check_slate(DEPUTY, 4, 6, surplus=2).ok
    assert not check_slate(DEPUTY, 4, 5, surplus=2).ok  # too few for the method
    assert "预选" in check_slate(DEPUTY, 4, 7, surplus=2).reason
    assert "不合法" in check_slate(DEPUTY, 4, 8, surplus=4).reason
    assert "不合法" in check_slate(DEPUTY, 4, 4, surplus=0).reason


@pytest.mark.parametrize(
    ("seats", "low", "high"),
    [(1, 1, 1), (3, 1, 1), (5, 1, 1), (9, 1, 1), (10, 1, 2), (11, 2, 2), (15, 2, 3), (25, 3, 5)],
)
def test_standing_member_surplus_tenth_to_fifth_rounded_lol_27(seats, low, high):
    """LOL 27 一成至二成: lower bound rounded up, upper down, at least 1 (3 seats: 0.3..0.6 → 1)."""
    assert surplus_range(MEMBER, seats) == (low, high)
    assert check_slate(MEMBER, seats, seats + low).ok
    assert check_slate(MEMBER, seats, seats + high).ok
    assert not check_slate(MEMBER, seats, seats + high + 1).ok
    assert not check_slate(MEMBER, seats, seats + low - 1).ok


def test_three_standing_seats_take_exactly_one_more_lol_27():
    assert check_slate(MEMBER, 3, 4).ok
    assert not check_slate(MEMBER, 3, 3).ok
    assert not check_slate(MEMBER, 3, 5).ok
    assert not check_slate(MEMBER, 25, 30, surplus=6).ok  # the method's 6 > a fifth of 25


@pytest.mark.parametrize(("seats", "low", "high"), [(1, 1, 1), (2, 1, 1), (4, 1, 2), (10, 2, 5)])
def test_city_deputies_fifth_to_half_more_el_31(seats, low, high):
    assert surplus_range(CITY, seats) == (low, high)
    assert check_slate(CITY, seats, seats + high).ok
    assert not check_slate(CITY, seats, seats).ok


def test_city_deputies_go_to_the_vote_within_the_laws_ratio_el_32():
    """EL 32: within EL 31's range → straight to the vote, even beyond the method's ratio; only
    above the law's highest ratio is there a preliminary election."""
    assert check_slate(CITY, 10, 14, surplus=2).ok
    assert not preliminary_election_needed(CITY, 10, 15, surplus=2)
    assert preliminary_election_needed(CITY, 10, 16, surplus=2)
    assert "EL 32" in check_slate(CITY, 10, 16).reason


def test_preliminary_election_for_office_holders_follows_the_method_lol_27():
    assert preliminary_election_needed(MEMBER, 25, 29, surplus=3)
    assert not preliminary_election_needed(MEMBER, 25, 28, surplus=3)
    assert not preliminary_election_needed(MEMBER, 25, 30)  # None: the law's highest, 5
    with pytest.raises(ValueError):
        preliminary_election_needed(MEMBER, 25, 30, surplus=6)


def test_seed_by_election_three_standing_members_uncontested_lol_30():
    slate = ["张岚", "张剑", "徐颖"]
    check = check_slate(MEMBER, 3, slate, by_election=True, by_election_contested=False)
    assert check.ok
    assert (
        check.reason == "补选常务委员会委员 3 名，候选人 3 人，等额选举，符合选举办法（LOL 30）。"
    )
    assert not check_slate(MEMBER, 3, slate).ok  # a new-term election must be contested
    assert not check_slate(MEMBER, 3, slate, by_election=True).ok  # the method must say


def test_contested_by_election_at_least_one_more_lol_30():
    ok = dict(by_election=True, by_election_contested=True)
    assert not check_slate(MEMBER, 3, 3, **ok).ok
    assert check_slate(MEMBER, 3, 4, **ok).ok
    assert check_slate(MEMBER, 3, 9, **ok).ok  # LOL 30 sets no upper bound
    assert check_slate(MEMBER, 3, 5, surplus=2, **ok).ok
    assert not check_slate(MEMBER, 3, 4, surplus=2, **ok).ok
    assert not check_slate(MEMBER, 3, 3, surplus=0, **ok).ok
    assert not check_slate(HEAD, 1, 1, **ok).ok
    assert check_slate(DEPUTY, 1, 1, by_election=True, by_election_contested=False).ok
    assert not check_slate(DEPUTY, 1, 2, by_election=True, by_election_contested=False).ok


def test_by_election_of_city_deputies_el_57():
    check = check_slate(CITY, 1, 1, by_election=True, by_election_contested=False)
    assert check.ok and "EL 57" in check.reason


def test_slate_shape_errors():
    assert "重复" in check_slate(MEMBER, 3, ["甲", "甲", "乙", "丙"]).reason
    assert not check_slate(MEMBER, 0, 1).ok
    assert not check_slate(MEMBER, 3, 2).ok
    assert check_slate("standing_member", 10, 11).ok


@given(st.sampled_from([DEPUTY, MEMBER, CITY]), st.integers(1, 500))
def test_the_lawful_range_is_never_empty_and_within_the_law(kind, seats):
    """LOL 27, EL 31: a contested slate always exists; above the rounding floor it is within
    the fractions exactly."""
    low, high = surplus_range(kind, seats)
    assert 1 <= low <= high
    if kind == MEMBER:
        assert low == math.ceil(seats / 10)
        assert high * 5 <= seats or high == 1
    if kind == CITY:
        assert low * 5 >= seats and (high * 2 <= seats or high == 1)


@given(st.sampled_from([DEPUTY, MEMBER, CITY]), st.integers(1, 200), st.integers(0, 120))
def test_slate_ok_exactly_within_range(kind, seats, extra):
    low, high = surplus_range(kind, seats)
    assert check_slate(kind, seats, seats + extra).ok == (low <= extra <= high)


def test_nomination_limit_presidium_and_each_delegate_lol_26():
    """LOL 26: 主席团提名的候选人人数，每一代表与其他代表联合提名的候选人人数，均不得超过应选名额。"""
    joint = [(f"候选人{i}", [PRESIDIUM]) for i in range(3)]
    joint += [("甲", range(1, 11)), ("乙", range(5, 15)), ("丙", range(10, 20))]
    table = by_nominator(joint)
    assert table[10] == {"甲", "乙", "丙"}
    assert nomination_limit_ok(table, 3).ok
    check = nomination_limit_ok(table, 2, names={10: "王十"})
    assert not check.ok
    assert "主席团提名 3 人" in check.reason and "代表 王十提名 3 人" in check.reason
    assert "代表 5" not in check.reason  # 5 signed 甲 and 乙 only: two, within two seats


def test_the_same_candidate_twice_counts_once_lol_26():
    assert nomination_limit_ok({1: ["甲", "甲"]}, 1).ok


def test_joint_nomination_ten_or_more_lol_26():
    assert joint_nomination_ok(range(10)).ok
    assert not joint_nomination_ok(range(9)).ok
    assert not joint_nomination_ok([1] * 10).ok
    check = joint_nomination_ok(range(11), delegates=range(1, 10))
    assert not check.ok and "另有 2 人不是代表" in check.reason
    assert joint_nomination_ok(range(5), minimum=5).ok


@given(st.sampled_from(list(OfficeKind)), st.integers(1, 60))
def test_further_round_range_lol_29(kind, seats):
    """Only a head may go uncontested in a further round (LOL 27, 29 ¶3; EL 45); the top of
    the range is the first round's."""
    from lianghui.elections.slate import further_round_surplus_range

    if kind == OfficeKind.HEAD and seats != 1:
        return
    low, high = further_round_surplus_range(kind, seats)
    first_low, first_high = surplus_range(kind, seats)
    assert high == first_high
    assert low == (0 if kind == OfficeKind.HEAD else first_low)
    assert low >= (0 if kind == OfficeKind.HEAD else 1)
