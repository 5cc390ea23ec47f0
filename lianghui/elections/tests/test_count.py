"""Ballot validity (EL 44) and the count (LOL 29, EL 45): boundaries and seed cases."""

import random

import pytest

from lianghui.elections.rules import (
    NOT_BESIDE_NO,
    OVERVOTE,
    VOID_BY_SCRUTINEERS,
    Ballot,
    Mark,
    OfficeKind,
    Verdict,
    ballot_valid,
    count,
    further_round_slate,
)

Y, N, A = Mark.YES, Mark.NO, Mark.ABSTAIN


def run(ballots, order, seats=1, total=300, issued=None, returned=None, **kw):
    issued = len(ballots) if issued is None else issued
    returned = len(ballots) if returned is None else returned
    return count(
        ballots,
        seats=seats,
        candidate_order=order,
        members_total=total,
        issued=issued,
        returned=returned,
        **kw,
    )


def votes(*groups):
    """votes((n, {candidate: mark}, write_ins), …) → n copies of each ballot."""
    out = []
    for n, marks, *rest in groups:
        out += [Ballot(marks, tuple(rest[0]) if rest else ())] * n
    return out


# ---- the seed ---------------------------------------------------------------------------


def test_seed_mai_jue_elected_court_president_lol_29():
    ballots = votes((276, {"麦珏": Y}), (8, {"麦珏": N}), (4, {"麦珏": A}))
    ballots += [Ballot({"麦珏": Y}, void=True)] * 2  # the scrutineers void two
    r = run(ballots, ["麦珏"], total=300, issued=290, returned=290)
    assert r.valid and r.elected == ("麦珏",) and r.unfilled == 0
    assert r.sentences[0] == (
        "应到 300 人，发出选票 290 张，收回 290 张，有效票 288 张，无效票 2 张，选举有效。"
    )
    assert r.sentences[1] == "麦珏 得赞成票 276 票，超过全体代表 300 人的半数，当选。"
    assert r.sentences[-1] == "应选 1 名，当选 1 名：麦珏。"
    t = r.tally("麦珏")
    assert (t.yes, t.no, t.abstain, t.verdict) == (276, 8, 4, Verdict.ELECTED)
    assert r.void_reasons == {VOID_BY_SCRUTINEERS: 2}


def test_seed_by_election_zhang_lan_zhang_jian_xu_ying_lol_29_30():
    order = ["张岚", "张剑", "徐颖"]
    ballots = votes((250, dict.fromkeys(order, Y)), (20, {"张岚": Y, "张剑": N, "徐颖": A}))
    r = run(ballots, order, seats=3, total=300)
    assert r.elected == ("张岚", "张剑", "徐颖")
    assert r.tally("张剑").no == 20 and r.tally("徐颖").abstain == 20
    assert r.sentences[-1] == "应选 3 名，当选 3 名：张岚、张剑、徐颖。"


# ---- more than half of ALL delegates (LOL 29) -------------------------------------------


@pytest.mark.parametrize(("total", "yes", "won"), [(300, 151, True), (300, 150, False), (301, 151, True), (301, 150, False)])  # fmt: skip
def test_more_than_half_of_all_delegates_lol_29(total, yes, won):
    ballots = votes((yes, {"甲": Y}), (total - yes - 10, {"甲": N}))
    r = run(ballots, ["甲"], total=total, issued=total - 10)
    assert r.needed == total // 2 + 1
    assert (r.elected == ("甲",)) is won
    word = "超过" if won else "未超过"
    assert f"甲 得赞成票 {yes} 票，{word}全体代表 {total} 人的半数" in r.text


def test_half_of_all_not_of_those_voting_lol_29():
    r = run(votes((120, {"甲": Y}), (10, {"甲": N})), ["甲"], total=300)
    assert r.elected == () and r.unfilled == 1


# ---- validity (EL 44) -------------------------------------------------------------------


def test_returned_equal_to_issued_is_valid_one_more_voids_the_election_el_44():
    ballots = votes((200, {"甲": Y}))
    assert run(ballots, ["甲"], issued=200, returned=200).valid
    r = run(ballots + votes((1, {"甲": Y})), ["甲"], issued=200, returned=201)
    assert not r.valid and r.elected == () and r.tallies == ()
    assert r.text == (
        "应到 300 人，发出选票 200 张，收回 201 张，收回的选票多于发出的选票，选举无效，应重新投票。"
    )
    with pytest.raises(ValueError):
        further_round_slate(r, OfficeKind.HEAD)


def test_void_election_needs_no_ballots_entered_el_44():
    r = count([], seats=1, candidate_order=["甲"], members_total=300, issued=200, returned=201)
    assert not r.valid


def test_seats_supported_valid_one_more_void_el_44():
    cands = ["甲", "乙", "丙", "丁"]
    three = Ballot({"甲": Y, "乙": Y, "丙": Y, "丁": N})
    four = Ballot(dict.fromkeys(cands, Y))
    three_and_one_written = Ballot({"甲": Y, "乙": Y, "丙": Y, "丁": N}, ("戊",))
    assert ballot_valid(three, 3, cands) == (
        True,
        "所选 3 人，不多于应选名额 3 名，有效（EL 44）。",
    )
    assert ballot_valid(four, 3, cands) == (False, "所选 4 人，多于应选名额 3 名，作废（EL 44）。")
    assert not ballot_valid(three_and_one_written, 3, cands).valid
    r = run([three, four, three_and_one_written], cands, seats=3)
    assert (r.valid_ballots, r.void_ballots) == (1, 2)
    assert r.void_reasons == {OVERVOTE: 2}
    assert r.tally("甲").yes == 1  # void ballots add nothing


def test_blank_ballot_is_valid_and_abstains():
    r = run([Ballot()], ["甲", "乙"], seats=1)
    assert r.valid_ballots == 1 and r.tally("甲").abstain == 1


def test_write_in_of_a_slate_candidate_or_an_ineligible_person_is_dropped_lol_28():
    """LOL 28: 另选 is for OTHER persons; a write-in that cannot stand is not counted, the rest of
    the ballot stands, and it is not a person chosen under EL 44."""
    cands = ["甲", "乙"]
    b = Ballot({"甲": Y}, ("乙", "王五", "外人"))
    check = ballot_valid(b, 2, cands, {"王五"}, names={"外人": "李外"})
    assert check.valid
    assert check.reason == (
        "另选 乙 为正式候选人，不计。另选 李外 不在可另选的人之列，不计。"
        "所选 2 人，不多于应选名额 2 名，有效（EL 44）。"
    )
    r = run([b], cands, seats=2, total=3, eligible_write_ins={"王五"})
    assert r.tally("王五").yes == 1 and r.tally("乙").yes == 0
    assert r.dropped_write_ins == 2 and "不符合规定的另选 2 人次，不计。" in r.text


def test_the_same_write_in_twice_counts_once():
    r = run([Ballot({}, ("王五", "王五"))], ["甲"], seats=1, total=1)
    assert r.valid_ballots == 1 and r.tally("王五").yes == 1


def test_write_in_only_beside_no_needs_as_many_no_marks():
    """Election-method option: a write-in only in place of an opposed candidate. More write-ins
    than 反对 marks cannot show which are lawful: all the ballot's write-ins are dropped."""
    cands = ["甲", "乙"]
    beside = Ballot({"甲": N, "乙": Y}, ("王五",))
    not_beside = Ballot({"甲": A, "乙": Y}, ("王五",))
    two_for_one = Ballot({"甲": N, "乙": Y}, ("王五", "赵六"))
    assert ballot_valid(beside, 2, cands, None, True).reason.startswith("所选 2 人")
    check = ballot_valid(not_beside, 2, cands, None, True)
    assert check.valid and check.reason.startswith(f"另选 王五 {NOT_BESIDE_NO}，不计。")
    assert ballot_valid(not_beside, 2, cands, None, False).reason.startswith("所选 2 人")
    r = run([beside, not_beside, two_for_one], cands, seats=2, write_in_only_beside_no=True)
    assert r.tally("王五").yes == 1 and r.dropped_write_ins == 3 and r.valid_ballots == 3


def test_entry_errors_are_refused_not_counted_void():
    with pytest.raises(ValueError, match="不在候选人名单上"):
        ballot_valid(Ballot({"外人": Y}), 1, ["甲"])
    with pytest.raises(ValueError, match="无法识别"):
        ballot_valid(Ballot({"甲": "maybe"}), 1, ["甲"])
    with pytest.raises(ValueError, match="不在候选人名单上"):
        run([Ballot({"外人": Y})], ["甲"])
    with pytest.raises(ValueError, match="与收回的"):
        run([Ballot()], ["甲"], issued=2, returned=2)
    with pytest.raises(ValueError):
        run([Ballot()], ["甲"], total=1, issued=2, returned=1)
    with pytest.raises(ValueError, match="重复"):
        run([Ballot()], ["甲", "甲"])


def test_marks_may_be_plain_strings_and_none_is_unmarked():
    r = run([Ballot({"甲": "yes", "乙": None})], ["甲", "乙"], seats=2, total=1)
    assert r.elected == ("甲",) and r.tally("乙").abstain == 1


# ---- more winners than seats, ties, too few (LOL 29) -------------------------------------


def test_more_pass_than_seats_the_highest_win_lol_29():
    order = ["甲", "乙", "丙"]
    ballots = votes((140, {"甲": Y, "乙": Y}), (100, {"甲": Y, "丙": Y}), (60, {"乙": Y, "丙": Y}))
    r = run(ballots, order, seats=2, total=300)  # 甲 240, 乙 200, 丙 160: all over 150
    assert r.elected == ("甲", "乙") and r.unfilled == 0
    assert r.tally("丙").verdict == Verdict.OUTRANKED
    assert r.tally("丙").sentence == (
        "丙 得赞成票 160 票，超过全体代表 300 人的半数，但过半数的人多于应选名额，得票较少，未当选。"
    )


def test_overvoted_ballots_do_not_carry_a_candidate_over_half_el_44():
    ballots = votes((160, {"甲": Y, "乙": N}), (70, {"甲": N, "乙": Y}), (60, {"甲": Y, "乙": Y}))
    r = run(ballots, ["甲", "乙"], seats=1, total=300)
    assert r.elected == ("甲",) and r.void_ballots == 60
    assert r.tally("乙").yes == 70 and r.tally("乙").verdict == Verdict.FAILED


def test_tie_at_the_last_seat_goes_to_a_revote_lol_29():
    order = ["甲", "乙", "丙"]
    ballots = votes((200, {"甲": Y, "乙": Y}), (100, {"甲": Y, "丙": Y}), (100, {"乙": Y, "丙": Y}))
    r = run(ballots, order, seats=2, total=400)  # 甲 300, 乙 300, 丙 200 — no tie at seat 2
    assert r.elected == ("甲", "乙") and r.revote == ()
    ballots = votes((180, {"甲": Y, "乙": Y}), (160, {"甲": Y, "丙": Y}), (20, {"乙": Y}))
    r = run(
        ballots, order, seats=2, total=400
    )  # 甲 340, 乙 200, 丙 160 — 200 of 400 is not more than half
    assert r.elected == ("甲",) and r.unfilled == 1
    ballots = votes((150, {"甲": Y, "乙": Y}), (150, {"甲": Y, "丙": Y}), (60, {"乙": Y, "丙": Y}))
    r = run(ballots, order, seats=2, total=400)  # 甲 300, 乙 210, 丙 210
    assert r.elected == ("甲",) and r.revote == ("乙", "丙") and r.revote_seats == 1
    assert r.unfilled == 0
    assert "乙、丙 票数相等，不能确定当选人，应当就票数相等的人再次投票，选出 1 名。" in r.text
    assert r.tally("丙").verdict == Verdict.REVOTE

    again = run(votes((220, {"丙": Y}), (180, {"乙": Y}), (5, {"乙": Y}, ["甲"])), r.revote, seats=1, total=420, revote=True)  # fmt: skip
    assert again.revote_round and again.elected == ("丙",)
    assert again.tally("丙").sentence == "丙 得赞成票 220 票，得票多，当选。"
    assert again.sentences[0].startswith("就票数相等的人再次投票，应到 420 人")
    assert again.dropped_write_ins == 5  # no write-ins in a re-vote


def test_a_revote_with_no_votes_leaves_the_seat_unfilled():
    again = run([Ballot()] * 3, ["乙", "丙"], seats=1, total=3, revote=True)
    assert again.elected == () and again.unfilled == 1


def test_fewer_pass_than_seats_a_further_round_lol_29():
    order = ["甲", "乙", "丙", "丁"]
    ballots = votes((160, {"甲": Y, "乙": Y}), (70, {"丙": Y, "丁": N}), (50, {"丁": Y}))
    r = run(ballots, order, seats=3, total=300)
    assert r.elected == ("甲", "乙") and r.unfilled == 1
    assert r.sentences[-1] == (
        "不足的 1 名另行选举，可以在本次会议上进行，也可以在下一次会议上进行。"
    )
    fr = further_round_slate(r, OfficeKind.STANDING_MEMBER)
    assert (fr.seats, fr.surplus, fr.candidates, fr.enough) == (1, 1, ("丙", "丁"), True)
    assert fr.sentence == (
        "另行选举常务委员会委员 1 名，候选人 2 人（差额 1 名），"
        "按第一次投票得票多少的顺序：丙、丁（LOL 29）。"
    )
    deputies = further_round_slate(r, OfficeKind.DEPUTY_HEAD, surplus=3)
    assert deputies.candidates == ("丙", "丁") and not deputies.enough
    assert "另行提名" in deputies.sentence
    with pytest.raises(ValueError):
        further_round_slate(r, OfficeKind.DEPUTY_HEAD, surplus=4)


def test_city_deputy_one_seat_left_two_candidates_el_45():
    order = ["甲", "乙", "丙", "丁"]
    ballots = votes((160, {"甲": Y}), (40, {"乙": Y}), (60, {"丙": Y}), (30, {"丁": Y}))
    r = run(ballots, order, seats=2, total=300)
    fr = further_round_slate(r, OfficeKind.CITY_DEPUTY)
    assert fr.candidates == ("丙", "乙") and "EL 45" in fr.sentence


def test_further_round_tie_at_the_cut_is_reported():
    order = ["甲", "乙", "丙", "丁"]
    ballots = votes((160, {"甲": Y}), (40, {"乙": Y}), (40, {"丙": Y}), (50, {"丁": Y}))
    fr = further_round_slate(run(ballots, order, seats=2, total=300), OfficeKind.CITY_DEPUTY)
    assert fr.candidates == ("丁",) and fr.tied_at_cut == ("乙", "丙") and fr.open_places == 1


def test_further_round_of_an_uncontested_by_election_lol_30():
    order = ["张岚", "张剑", "徐颖"]
    r = run(votes((200, {"张岚": Y, "张剑": Y}), (100, {"徐颖": Y})), order, seats=3, total=300)
    fr = further_round_slate(r, "standing_member", by_election=True, by_election_contested=False)
    assert fr.candidates == ("徐颖",) and fr.surplus == 0 and "等额" in fr.sentence
    full = run(votes((200, dict.fromkeys(order, Y))), order, seats=3, total=300)
    assert further_round_slate(full, "standing_member").seats == 0


def test_write_in_over_half_is_elected_like_a_candidate_lol_28_29():
    ballots = votes((170, {"甲": N}, ["王五"]), (130, {"甲": Y}))
    r = run(ballots, ["甲"], total=300, write_in_only_beside_no=True)
    assert r.elected == ("王五",)
    assert "另选人 王五 得 170 票，超过全体代表 300 人的半数，当选。" in r.text
    assert r.tally("王五").on_slate is False


def test_write_ins_that_fail_are_summed_up():
    r = run(votes((1, {"甲": N}, ["王五"]), (1, {"甲": N}, ["赵六"])), ["甲"], total=3)
    assert "另选他人 2 人，均未超过全体代表 3 人的半数。" in r.text
    assert {t.person for t in r.tallies} == {"甲", "王五", "赵六"}


# ---- a hall's election: 3,000 ballots × 30 candidates (its speed: python -m bench count) ----------


def hall_ballots(n=3000, k=30, seats=25, seed=7):
    rng = random.Random(seed)
    order = list(range(k))
    out = []
    for _ in range(n):
        marks = {c: rng.choices((Y, N, A, None), (80, 10, 5, 5))[0] for c in order}
        yes = [c for c in order if marks[c] == Y]
        if len(yes) > seats and rng.random() < 0.98:
            for c in yes[seats:]:
                marks[c] = N
        write_ins = (rng.randrange(1000, 1020),) if rng.random() < 0.05 else ()
        out.append(Ballot(marks, write_ins, rng.random() < 0.002))
    return order, out


def test_count_3000_ballots_30_candidates_fills_the_seats():
    """The count's speed is measured by `python -m bench count`, not here."""
    order, ballots = hall_ballots()
    eligible = set(range(1000, 1010))
    r = run(ballots, order, seats=25, total=3000, eligible_write_ins=eligible, write_in_only_beside_no=True)  # fmt: skip
    assert r.valid and len(r.elected) == 25 and r.valid_ballots + r.void_ballots == 3000


def test_a_head_further_round_may_be_uncontested_lol_27_29():
    """LOL 29 ¶3 orders a contest in a further round only for deputy heads and standing-
    committee members; a head stays under LOL 27: one more, or one nominee alone."""
    r = run(votes((140, {"甲": Y}), (130, {"乙": Y})), ["甲", "乙"], total=300)
    assert r.elected == () and r.unfilled == 1
    alone = further_round_slate(r, OfficeKind.HEAD, surplus=0)
    assert (alone.seats, alone.surplus, alone.candidates) == (1, 0, ("甲",))
    assert "等额" in alone.sentence
    contested = further_round_slate(r, OfficeKind.HEAD)
    assert contested.surplus == 1 and contested.candidates == ("甲", "乙")
    with pytest.raises(ValueError, match="LOL 29"):
        further_round_slate(r, OfficeKind.HEAD, surplus=2)


@pytest.mark.parametrize("kind", [OfficeKind.DEPUTY_HEAD, OfficeKind.STANDING_MEMBER])
def test_deputies_and_members_further_round_stays_contested_lol_29(kind):
    order = ["甲", "乙", "丙"]
    r = run(votes((160, {"甲": Y}), (60, {"乙": Y}), (50, {"丙": Y})), order, seats=2, total=300)
    assert r.unfilled == 1
    with pytest.raises(ValueError, match="LOL 29"):
        further_round_slate(r, kind, surplus=0)


def test_city_deputy_further_round_stays_contested_el_45():
    r = run(votes((160, {"甲": Y}), (60, {"乙": Y}), (50, {"丙": Y})), ["甲", "乙", "丙"], 2)
    with pytest.raises(ValueError, match="EL 45"):
        further_round_slate(r, OfficeKind.CITY_DEPUTY, surplus=0)


# ---- the sentences in English (pages read in English; the record stays Chinese) -------------


def _en(r):
    from dataclasses import asdict

    from lianghui.elections.count import sentences_en

    return sentences_en(asdict(r))


def test_sentences_in_english_for_the_seed_and_a_revote():
    ballots = votes((276, {"麦珏": Y}), (8, {"麦珏": N}), (4, {"麦珏": A}))
    ballots += [Ballot({"麦珏": Y}, void=True)] * 2
    r = run(ballots, ["麦珏"], total=300, issued=290, returned=290)
    assert r.sentences[1] == "麦珏 得赞成票 276 票，超过全体代表 300 人的半数，当选。"
    assert _en(r) == (
        "300 delegates in office, 290 ballots issued, 290 returned, 288 valid, 2 void: "
        "the election is valid.",
        "麦珏: 276 votes, more than half of all 300 delegates: elected.",
        "1 to elect, 1 elected: 麦珏.",
    )
    order = ["甲", "乙", "丙"]
    ballots = votes((150, {"甲": Y, "乙": Y}), (150, {"甲": Y, "丙": Y}), (60, {"乙": Y, "丙": Y}))
    en = _en(run(ballots, order, seats=2, total=400, eligible_write_ins={"丁"}))
    assert "乙: 210 votes, more than half of all 400 delegates, tied with another: no one " \
        "can be declared elected." in en  # fmt: skip
    assert (
        "乙, 丙 tied: no one can be declared elected; the tied are voted on again for 1 seat." in en
    )
    ballots = votes((180, {"甲": Y, "乙": Y}), (160, {"甲": Y, "丙": Y}), (20, {"乙": Y}, ["丁"]))
    en = _en(run(ballots, order, seats=2, total=400, eligible_write_ins={"丁"}))
    assert "丙: 160 votes, not more than half of all 400 delegates: not elected." in en
    assert "1 other people written in, none with more than half of all 400 delegates." in en
    assert "Seats left: 1, filled by a further election, at this meeting or a later one." in en
    again = run(votes((3, {"丙": Y}), (2, {"乙": Y})), ["乙", "丙"], total=5, revote=True)
    assert _en(again)[0].startswith("Re-vote among those tied: 5 delegates in office")
    assert "丙: 3 votes, the most votes: elected." in _en(again)
    void = run([], ["甲"], total=10, issued=3, returned=4)
    assert _en(void) == (
        "10 delegates in office, 3 ballots issued, 4 returned: more ballots returned than "
        "issued; the election is void and the vote is held again.",
    )
    for s in _en(r):
        assert not any("\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" for c in s), s
