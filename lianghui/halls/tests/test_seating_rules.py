"""The seat-plan rules: the rostrum centre-out, groups in blocks, strokes and pinyin, locks."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianghui.halls.seating_rules import (
    GUEST,
    NONVOTING,
    PINYIN,
    Place,
    Request,
    SeatingError,
    Sitter,
    centre_out,
    check,
    move,
    plan,
    seat_rostrum,
)
from lianghui.people.names import pinyin_key, sort_by_strokes, stroke_key


def row_of(n, row=1, rostrum=True, block="主席台", first_id=1, y=0):
    return [Place(block, row, i + 1, i, y, rostrum, id=first_id + i) for i in range(n)]


def chart(places, assignment, people=None):
    """The names of a row as the audience sees it, left to right ('' for an empty seat)."""
    return [assignment.get(p.id, "") if people is None else people.get(assignment.get(p.id), "")
            for p in sorted(places, key=lambda p: p.x)]  # fmt: skip


def test_an_odd_rostrum_puts_the_first_in_the_middle_the_second_on_his_left():
    # Facing the hall, the first's left hand is the audience's right.
    assert centre_out(1) == [0]
    assert centre_out(3) == [1, 2, 0]
    places = row_of(5)
    seated = seat_rostrum(places, [1, 2, 3, 4, 5])
    assert chart(places, seated) == [5, 3, 1, 2, 4]


def test_an_even_rostrum_shares_the_centre_between_the_first_two():
    assert centre_out(2) == [0, 1]
    places = row_of(6)
    assert chart(places, seat_rostrum(places, [1, 2, 3, 4, 5, 6])) == [5, 3, 1, 2, 4, 6]


def test_fewer_people_than_chairs_sit_in_the_middle_chairs():
    places = row_of(7)
    assert chart(places, seat_rostrum(places, [1, 2, 3])) == ["", "", 3, 1, 2, "", ""]
    assert chart(places, seat_rostrum(places, [1, 2])) == ["", "", "", 1, 2, "", ""]


def test_the_front_row_fills_first_then_the_next():
    front, back = row_of(3), row_of(5, row=2, first_id=10, y=1)
    seated = seat_rostrum(front + back, [1, 2, 3, 4, 5])
    assert chart(front, seated) == [3, 1, 2]
    assert chart(back, seated) == ["", "", 4, 5, ""]  # 4 keeps the middle chair


def test_a_rostrum_too_small_is_refused_with_both_numbers():
    with pytest.raises(SeatingError, match="主席台就座 4 人，主席台只有 3 个座位"):
        seat_rostrum(row_of(3), [1, 2, 3, 4])


def test_the_closing_plenarys_rostrum_as_the_newspaper_lists_it():
    """Eight executive chairs, then 钟晓咏, 黄冲, the court's president and the procurator."""
    names = ["曹立强", "李新华", "沈权", "徐国文", "陈奇忠", "卢鉴", "朱伟红", "赵允",
             "钟晓咏", "黄冲", "麦珏", "朱庆华"]  # fmt: skip
    places = row_of(19)
    seated = seat_rostrum(places, list(range(1, 13)))
    row = chart(places, seated, dict(enumerate(names, 1)))
    # Twelve chairs in the middle of nineteen; 曹立强 in the middle one, 李新华 on his left.
    assert row == ["", "", "", "", "麦珏", "钟晓咏", "朱伟红", "陈奇忠", "沈权", "曹立强", "李新华",
                   "徐国文", "卢鉴", "赵允", "黄冲", "朱庆华", "", "", ""]  # fmt: skip


def floor(blocks=(("中区", 3, 4),), first_id=100, y0=2):
    places, x, pid = [], 0, first_id
    for name, rows, seats in blocks:
        for r in range(rows):
            for n in range(seats):
                places.append(Place(name, r + 1, n + 1, x + n, y0 + r, id=pid))
                pid += 1
        x += seats + 2
    return places


def sitter(pid, name, group="", order=0, rank=9, category="member"):
    return Sitter(pid, name, category, group, order, rank, pinyin_key(name), stroke_key(name))


def seated_names(places, assignment, people):
    by_id = {s.id: s.name for s in people}
    return [[by_id.get(assignment.get(p.id), "") for p in sorted(line, key=lambda p: p.x)]
            for line in _lines(places)]  # fmt: skip


def _lines(places):
    rows = {}
    for p in places:
        rows.setdefault((p.block, p.row), []).append(p)
    return [rows[k] for k in sorted(rows, key=lambda k: (min(p.x for p in rows[k]), k[1]))]


def test_within_a_delegation_leaders_first_then_surname_strokes():
    # Strokes: 丁 2, 王 4, 李 7, 张 7 (李 before 张 by the order of their strokes), 曹 11.
    people = [sitter(1, "曹一", "东区", 1), sitter(2, "王二", "东区", 1),
              sitter(3, "张三", "东区", 1, rank=0), sitter(4, "丁四", "东区", 1),
              sitter(5, "李五", "东区", 1)]  # fmt: skip
    places = floor((("中区", 2, 5),))
    out = plan(Request(places, people))
    assert seated_names(places, out, people)[0] == ["张三", "丁四", "王二", "李五", "曹一"]


def test_by_pinyin_when_asked():
    people = [sitter(1, "曹一"), sitter(2, "王二"), sitter(3, "安三")]
    places = floor((("中区", 1, 3),))
    out = plan(Request(places, people, order=PINYIN))
    assert seated_names(places, out, people)[0] == ["安三", "曹一", "王二"]


def test_each_delegation_starts_a_row_of_its_own_when_seats_allow():
    people = [sitter(1, "王甲", "东区", 1), sitter(2, "王乙", "东区", 1)] + [
        sitter(i, n, "西区", 2) for i, n in ((3, "李甲"), (4, "李乙"), (5, "李丙"))
    ]
    places = floor((("中区", 2, 4),))
    out = plan(Request(places, people))
    rows = seated_names(places, out, people)
    assert rows == [sort_by_strokes(["王甲", "王乙"]) + ["", ""],
                    sort_by_strokes(["李甲", "李乙", "李丙"]) + [""]]  # fmt: skip
    assert rows[0][0] == "王乙"  # 乙 has one stroke, 甲 five


def test_when_rows_of_their_own_do_not_fit_the_groups_are_packed():
    people = [
        sitter(1, "王甲", "东区", 1),
        sitter(2, "李甲", "西区", 2),
        sitter(3, "李乙", "西区", 2),
    ]
    places = floor((("中区", 1, 3),))
    out = plan(Request(places, people))
    assert len(out) == 3 and seated_names(places, out, people)[0][0] == "王甲"


def test_nonvoting_and_guests_sit_in_their_reserved_blocks():
    places = floor((("中区", 2, 3), ("楼座", 2, 3)))
    people = [sitter(1, "王甲", "东区", 1), sitter(2, "列一", category=NONVOTING),
              sitter(3, "嘉一", category=GUEST)]  # fmt: skip
    out = plan(Request(places, people, reserved={NONVOTING: ["楼座"]}))
    where = {p: next(pl for pl in places if pl.id == s) for s, p in out.items()}
    assert where[1].block == "中区" and where[2].block == "楼座"
    assert where[3].block == "中区" and where[3].row == 2  # guests: a row of their own


def test_locked_seats_keep_their_people_and_the_rest_go_around_them():
    places = floor((("中区", 1, 3),))
    people = [sitter(1, "王甲"), sitter(2, "王乙"), sitter(3, "王丙")]
    first_seat = min(p.id for p in places)
    out = plan(Request(places, people, locked={first_seat: 3}))
    assert out[first_seat] == 3 and sorted(out.values()) == [1, 2, 3]


def test_too_few_seats_is_refused_with_the_numbers():
    places = floor((("中区", 1, 2),))
    with pytest.raises(SeatingError, match="代表（委员） 3 人待安排，可用座位只有 2 个"):
        plan(Request(places, [sitter(1, "甲"), sitter(2, "乙"), sitter(3, "丙")]))


def test_a_person_not_of_the_meeting_or_a_seat_not_of_the_hall_is_refused_by_name():
    places = {p.id: p for p in floor((("中区", 1, 2),))}
    people = {1: sitter(1, "王甲"), 2: sitter(2, "王乙")}
    with pytest.raises(SeatingError, match="编号 9.*中区1排1号"):
        check({100: 9}, places, people)
    with pytest.raises(SeatingError, match="座位（编号 5）不在本会场"):
        check({5: 1}, places, people)
    with pytest.raises(SeatingError, match="王甲 被安排了两个座位：中区1排1号、中区1排2号"):
        check({100: 1, 101: 1}, places, people)


def test_a_move_onto_a_taken_seat_swaps_and_a_locked_seat_refuses():
    places = {p.id: p for p in floor((("中区", 1, 3),))}
    people = {i: sitter(i, n) for i, n in ((1, "王甲"), (2, "王乙"), (3, "王丙"))}
    start = {100: 1, 101: 2}
    assert move(start, 1, 101, set(), places, people) == {101: 1, 100: 2}
    assert move(start, 1, 102, set(), places, people) == {101: 2, 102: 1}
    with pytest.raises(SeatingError, match="中区1排2号 已锁定"):
        move(start, 1, 101, {101}, places, people)
    with pytest.raises(SeatingError, match="王丙尚无座位"):
        move(start, 3, 100, set(), places, people)


# Properties -------------------------------------------------------------------------------

SLOW_OK = settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def requests(draw):
    blocks = draw(st.lists(st.tuples(st.sampled_from(["左区", "中区", "右区", "楼座"]),
                                     st.integers(1, 4), st.integers(1, 6)),
                           min_size=1, max_size=3, unique_by=lambda b: b[0]))  # fmt: skip
    places = floor(tuple(blocks)) + row_of(draw(st.integers(0, 7)), first_id=1)
    n = draw(st.integers(0, 40))
    people = [
        sitter(1000 + i, draw(st.sampled_from(["王", "李", "张", "丁", "曹"])) + str(i),
               group=draw(st.sampled_from(["东区", "西区", "南区", ""])),
               order=draw(st.integers(0, 3)), rank=draw(st.sampled_from([0, 1, 9])),
               category=draw(st.sampled_from(["member", "member", NONVOTING, GUEST])))
        for i in range(n)
    ]  # fmt: skip
    rostrum = [s.id for s in people if draw(st.booleans()) and s.category == "member"][:7]
    reserve = draw(st.sampled_from([{}, {NONVOTING: ["楼座"]}, {GUEST: ["左区"]}]))
    return Request(places, people, rostrum=rostrum, reserved=reserve)


def _fits(req: Request) -> bool:
    """Whether everyone can be seated: the rostrum on its seats, each category on the seats
    open to it (its own blocks and the unreserved ones), the categories one after another."""
    rostrum_seats = sum(1 for p in req.places if p.rostrum)
    if len(set(req.rostrum)) > rostrum_seats:
        return False
    on_rostrum = set(req.rostrum)
    reserved = {b for bs in req.reserved.values() for b in bs}
    shared = sum(1 for p in req.places if not p.rostrum and p.block not in reserved)
    for category in ("member", NONVOTING, GUEST):
        own_blocks = req.reserved.get(category, [])
        own = sum(1 for p in req.places if not p.rostrum and p.block in own_blocks)
        need = sum(1 for s in req.people if s.category == category and s.id not in on_rostrum)
        use_own = min(need, own)
        shared -= need - use_own
        if shared < 0:
            return False
    return True


@SLOW_OK
@given(requests())
def test_a_plan_seats_everyone_once_on_distinct_seats_or_refuses_clearly(req):
    try:
        out = plan(req)
    except SeatingError as e:
        assert e.code in ("not_enough_seats", "rostrum_too_small", "no_rostrum")
        assert not _fits(req)
        return
    assert _fits(req)
    assert len(set(out.values())) == len(out)  # no person twice (a dict has no seat twice)
    assert set(out.values()) == {s.id for s in req.people}
    places = {p.id: p for p in req.places}
    assert all(places[s].rostrum == (p in set(req.rostrum)) for s, p in out.items())


@SLOW_OK
@given(requests(), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=30))
def test_random_moves_and_swaps_never_seat_anyone_twice(req, moves):
    try:
        out = plan(req)
    except SeatingError:
        return
    places = {p.id: p for p in req.places}
    people = {s.id: s for s in req.people}
    if not people:
        return
    seat_ids, person_ids = sorted(places), sorted(people)
    for a, b in moves:
        person, seat = person_ids[a % len(person_ids)], seat_ids[b % len(seat_ids)]
        try:
            out = move(out, person, seat, set(), places, people)
        except SeatingError as e:
            assert e.code == "seat_taken"
            continue
        assert len(set(out.values())) == len(out)
        assert set(out.values()) == set(people)
