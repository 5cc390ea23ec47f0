"""Seat plans (座次) by the rules secretariats use. No Django here.

The rules, as this module applies them (docs/halls.md):

- **The rostrum** (主席台) is seated by precedence: the first person at the centre of the
  front row, then alternately to the first person's left and right — "left" being the
  seated person's own left, facing the hall, which is the audience's right on the chart.
  With an odd number of chairs the first sits in the middle chair; with an even number the
  first and second take the two middle chairs, the second on the first's left (so the
  first is on the audience's left of the centre line).
  A row's chairs are the middle ones of its seats; the front row fills first.
- **Members** (delegates by delegation, CPPCC members by sector, 界别) fill the floor in
  the order of their groups, each group on consecutive seats; within a group the leaders
  first (团长, 召集人 …), then by the surname's strokes (姓氏笔画) or by pinyin. Where the
  seats allow it, each group starts on a row of its own.
- **Those attending without a vote** (列席) and **guests** (特邀) come after the members,
  each category again starting on a row of its own, or in the blocks reserved for them.
- The floor is swept block by block (front to back, then left to right), each block row
  by row from the front, each row from the audience's left.
- **Locked seats** keep whoever is on them; the rules place everyone else around them.

A plan never seats a person twice nor two people on one seat (``check`` proves it of any
plan, and every action runs it before storing).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from lianghui.halls.layout_rules import SeatSpec

MEMBER, NONVOTING, GUEST, ROSTRUM = "member", "nonvoting", "guest", "rostrum"
CATEGORIES = (ROSTRUM, MEMBER, NONVOTING, GUEST)
CATEGORY_NAMES = {
    ROSTRUM: "主席台",
    MEMBER: "代表（委员）",
    NONVOTING: "列席人员",
    GUEST: "特邀嘉宾",
}
STROKES, PINYIN = "strokes", "pinyin"


class SeatingError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, order=True)
class Place(SeatSpec):
    """A seat of the hall (layout_rules.SeatSpec) with its id."""

    id: int = 0


@dataclass(frozen=True)
class Sitter:
    id: int
    name: str
    category: str = MEMBER
    group: str = ""  # the delegation's or sector's name
    group_order: int = 0  # the groups' official order
    rank: int = 9  # 0 the group's head, 1 a deputy, 9 everyone else
    pinyin: str = ""
    strokes: str = ""


@dataclass
class Request:
    places: list[Place]
    people: list[Sitter]
    rostrum: list[int] = field(default_factory=list)  # person ids, by precedence
    order: str = STROKES
    locked: dict[int, int] = field(default_factory=dict)  # seat id -> person id
    # Blocks set aside for a category (its people go there first); others skip them.
    reserved: dict[str, list[str]] = field(default_factory=dict)


# The rostrum ---------------------------------------------------------------------------


def centre_out(n: int) -> list[int]:
    """The chair (0 = the audience's leftmost of n) for precedence 1, 2, …, n.

    >>> centre_out(5)   # 4 2 1 3 5 as the audience sees it
    [2, 3, 1, 4, 0]
    >>> centre_out(4)   # 3 1 2 4
    [1, 2, 0, 3]
    """
    if n <= 0:
        return []
    order = []
    if n % 2:
        c = n // 2
        order.append(c)
        for k in range(1, n // 2 + 1):
            order += [c + k, c - k]
    else:
        left, right = n // 2 - 1, n // 2
        order += [left, right]
        for k in range(1, n // 2):
            order += [left - k, right + k]
    return order


def seat_rostrum(places: list[Place], people: list[int]) -> dict[int, int]:
    """seat id -> person id for the rostrum, by precedence; SeatingError if it is too small."""
    rows: dict[int, list[Place]] = {}
    for p in places:
        rows.setdefault(p.row, []).append(p)
    capacity = sum(len(r) for r in rows.values())
    if len(people) > capacity:
        raise SeatingError(
            "rostrum_too_small",
            f"主席台座位不足：主席台就座 {len(people)} 人，主席台只有 {capacity} 个座位。",
        )
    out, queue = {}, list(people)
    for row in sorted(rows):
        if not queue:
            break
        chairs = sorted(rows[row], key=lambda p: p.x)
        k = min(len(queue), len(chairs))
        # With an odd spare chair, the window leans right: the first person keeps the
        # row's middle chair whether their number is odd or even.
        start = (len(chairs) - k + 1) // 2
        window = chairs[start : start + k]
        for person, index in zip(queue[:k], centre_out(k), strict=True):
            out[window[index].id] = person
        queue = queue[k:]
    return out


# The floor -----------------------------------------------------------------------------


def sweep(places: Iterable[Place]) -> list[list[Place]]:
    """The floor's rows in filling order: blocks front to back then left to right, each
    block's rows from the front, each row from the audience's left."""
    lines: dict[tuple[str, int], list[Place]] = {}
    for p in places:
        if not p.rostrum:
            lines.setdefault((p.block, p.row), []).append(p)
    block_key: dict[str, tuple[int, int]] = {}
    for (block, _), seats in lines.items():
        first = min((s.y, s.x) for s in seats)
        block_key[block] = min(block_key.get(block, first), first)
    ordered = sorted(
        lines.items(),
        key=lambda kv: (block_key[kv[0][0]], kv[0][1]),
    )
    return [sorted(seats, key=lambda s: s.x) for _, seats in ordered]


def member_order(people: list[Sitter], order: str) -> list[Sitter]:
    """Groups in their order; within a group leaders first, then strokes or pinyin."""
    if order not in (STROKES, PINYIN):
        raise SeatingError("bad_order", "排序方式须为“姓氏笔画”（strokes）或“拼音”（pinyin）。")

    def key(s: Sitter):
        name_key = s.strokes if order == STROKES else s.pinyin
        return (s.group_order, s.group, s.rank, name_key, s.name, s.id)

    return sorted(people, key=key)


def _fill(lines: list[list[Place]], groups: list[list[int]], taken: set[int], new_rows: bool):
    """Seat the groups in order on the free seats of these lines; None if they do not fit."""
    out: dict[int, int] = {}
    free = [[p for p in line if p.id not in taken] for line in lines]
    free = [line for line in free if line]
    li, pi = 0, 0
    for group in groups:
        if not group:
            continue
        if new_rows and pi > 0:
            li, pi = li + 1, 0
        for person in group:
            while li < len(free) and pi >= len(free[li]):
                li, pi = li + 1, 0
            if li >= len(free):
                return None
            out[free[li][pi].id] = person
            pi += 1
    return out


def plan(req: Request) -> dict[int, int]:
    """seat id -> person id for everyone in the request; SeatingError if it cannot be done.

    Each group on rows of its own where the seats allow it; else packed, seat after seat.
    """
    try:
        return _plan(req, new_rows=True)
    except SeatingError as e:
        if e.code != "not_enough_seats":
            raise
    return _plan(req, new_rows=False)


def _plan(req: Request, new_rows: bool) -> dict[int, int]:
    by_id = {p.id: p for p in req.places}
    people = {s.id: s for s in req.people}
    check(req.locked, by_id, people)
    out = dict(req.locked)
    seated = set(req.locked.values())
    taken = set(req.locked)

    rostrum_people = [pid for pid in dict.fromkeys(req.rostrum) if pid not in seated]
    unknown = [pid for pid in rostrum_people if pid not in people]
    if unknown:
        raise SeatingError(
            "not_in_meeting", f"主席台人员（编号 {unknown[0]}）不在本次会议的名单中。"
        )
    rostrum_places = [p for p in req.places if p.rostrum and p.id not in taken]
    if rostrum_people and not any(p.rostrum for p in req.places):
        raise SeatingError("no_rostrum", "该会场没有主席台座位，无法安排主席台就座人员。")
    for seat, person in seat_rostrum(rostrum_places, rostrum_people).items():
        out[seat] = person
    seated |= set(rostrum_people)
    taken = set(out)

    reserved_blocks = {b for blocks in req.reserved.values() for b in blocks}
    used: set[tuple[str, int]] = set()  # the floor rows an earlier category sits on
    for category in (MEMBER, NONVOTING, GUEST):
        waiting = [s for s in req.people if s.category == category and s.id not in seated]
        if not waiting:
            continue
        if category == MEMBER:
            ordered = member_order(waiting, req.order)
            groups: list[list[int]] = []
            for s in ordered:
                if not groups or people[groups[-1][0]].group != s.group:
                    groups.append([])
                groups[-1].append(s.id)
        else:
            ordered = member_order(waiting, req.order)
            groups = [[s.id for s in ordered]]
        own = req.reserved.get(category, [])
        lines = sweep(p for p in req.places if p.block in own) if own else []
        lines += sweep(p for p in req.places if p.block not in reserved_blocks)
        if new_rows:  # a category starts on a row of its own, as each group does
            lines = [line for line in lines if (line[0].block, line[0].row) not in used]
        placed = _fill(lines, groups, taken, new_rows)
        if placed is None:
            free = sum(1 for line in lines for p in line if p.id not in taken)
            raise SeatingError(
                "not_enough_seats",
                f"座位不足：{CATEGORY_NAMES[category]} {len(waiting)} 人待安排，"
                f"可用座位只有 {free} 个。请增加区域或调整预留区域。",
            )
        out.update(placed)
        taken |= set(placed)
        used |= {(by_id[seat].block, by_id[seat].row) for seat in placed}
        seated |= {s.id for s in waiting}
    check(out, by_id, people)
    return out


# Checks and edits ----------------------------------------------------------------------


def check(assignment: dict[int, int], places: dict[int, Place], people: dict[int, Sitter]):
    """SeatingError naming the seat and the person if the plan is not a plan."""
    seen: dict[int, int] = {}
    for seat, person in assignment.items():
        if seat not in places:
            raise SeatingError("no_such_seat", f"座位（编号 {seat}）不在本会场。")
        if person not in people:
            raise SeatingError(
                "not_in_meeting",
                f"人员（编号 {person}）不在本次会议的名单中，不能安排在{places[seat].label}。",
            )
        if person in seen:
            raise SeatingError(
                "seated_twice",
                f"{people[person].name} 被安排了两个座位：{places[seen[person]].label}、"
                f"{places[seat].label}。",
            )
        seen[person] = seat


def move(assignment: dict[int, int], person: int, seat: int, locked: set[int],
         places: dict[int, Place], people: dict[int, Sitter]) -> dict[int, int]:  # fmt: skip
    """The plan with ``person`` on ``seat``; if someone sits there, the two swap."""
    if seat not in places:
        raise SeatingError("no_such_seat", f"座位（编号 {seat}）不在本会场。")
    if person not in people:
        raise SeatingError("not_in_meeting", f"人员（编号 {person}）不在本次会议的名单中。")
    name, target = people[person].name, places[seat]
    current = next((s for s, p in assignment.items() if p == person), None)
    if seat in locked:
        raise SeatingError("seat_locked", f"{target.label} 已锁定，请先解锁再安排{name}。")
    if current is not None and current in locked:
        raise SeatingError(
            "seat_locked", f"{name} 的座位 {places[current].label} 已锁定，请先解锁。"
        )
    out = dict(assignment)
    other = out.get(seat)
    if current is not None:
        del out[current]
    out[seat] = person
    if other is not None and other != person:
        if current is None:
            raise SeatingError(
                "seat_taken",
                f"{target.label} 已安排{people[other].name}，{name}尚无座位，无法对调。",
            )
        out[current] = other
    check(out, places, people)
    return out
