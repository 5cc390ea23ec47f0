"""The rules of elections (选举) at a district congress, in one place. Pure: no Django.

slate.py: office kinds, nominations and the contest rule (LOL 26, 27, 30; EL 30–32, 57).
count.py: ballots, their validity and the count (LOL 28, 29; EL 44, 45).
Here: the slate of a further round (另行选举) for the seats a count left unfilled (LOL 29, EL 45).
"""

from collections.abc import Hashable
from dataclasses import dataclass

from .count import (
    MARK_LABELS,
    NOT_BESIDE_NO,
    NOT_ELIGIBLE,
    ON_SLATE,
    OVERVOTE,
    VOID_BY_SCRUTINEERS,
    Ballot,
    BallotCheck,
    CountResult,
    Mark,
    Tally,
    Verdict,
    ballot_valid,
    count,
    count_totals,
)
from .slate import (
    KIND_LABELS,
    PRESIDIUM,
    OfficeKind,
    SlateCheck,
    by_nominator,
    check_slate,
    further_round_surplus_range,
    joint_nomination_ok,
    nomination_limit_ok,
    preliminary_election_needed,
    preliminary_list_size,
    surplus_range,
)

__all__ = [
    "KIND_LABELS",
    "MARK_LABELS",
    "NOT_BESIDE_NO",
    "NOT_ELIGIBLE",
    "ON_SLATE",
    "OVERVOTE",
    "PRESIDIUM",
    "VOID_BY_SCRUTINEERS",
    "Ballot",
    "BallotCheck",
    "CountResult",
    "FurtherRound",
    "Mark",
    "OfficeKind",
    "SlateCheck",
    "Tally",
    "Verdict",
    "ballot_valid",
    "by_nominator",
    "check_slate",
    "count",
    "count_totals",
    "further_round_slate",
    "further_round_surplus_range",
    "joint_nomination_ok",
    "nomination_limit_ok",
    "preliminary_election_needed",
    "preliminary_list_size",
    "surplus_range",
]


@dataclass(frozen=True)
class FurtherRound:
    seats: int  # the seats left unfilled
    surplus: int  # candidates beyond the seats (差额数)
    candidates: tuple[Hashable, ...]  # from the first round, in order of its votes
    tied_at_cut: tuple[Hashable, ...]  # equal votes across the last place: the presidium decides
    open_places: int  # places on the slate the tied compete for
    enough: bool  # False: too few from the first round — nominate afresh (LOL 29)
    sentence: str


def further_round_slate(
    result: CountResult,
    kind: OfficeKind | str,
    *,
    surplus: int | None = None,
    by_election: bool = False,
    by_election_contested: bool | None = None,
    include_write_ins: bool = False,
) -> FurtherRound:
    """Suggested slate of the further round for `result.unfilled` seats (LOL 29, EL 45).

    Candidates from the first round not elected, in order of their votes (LOL 29 allows
    nominating afresh instead; EL 45 orders it for deputies), as many as the seats plus the
    surplus: for deputy heads and standing-committee members LOL 27's range for the seats
    left (LOL 29 third paragraph), the lowest unless `surplus` says otherwise; for a head one
    more as in LOL 27, or 0 (uncontested, one nominee — LOL 29 third paragraph does not order
    a contest for heads); for city-congress deputies EL 31's ratio, two candidates for one
    seat (EL 45); for by-elections what the election method says (LOL 30, EL 57). Write-ins of
    the first round are included only with `include_write_ins` (the law names candidates).
    """
    if not result.valid:
        raise ValueError("收回的选票多于发出的选票，选举无效，应重新投票，不是另行选举（EL 44）。")
    kind = OfficeKind(kind)
    seats = result.unfilled
    if seats == 0:
        return FurtherRound(0, 0, (), (), 0, True, "没有不足的名额，无须另行选举。")
    if by_election:
        if by_election_contested is None:
            raise ValueError("补选是否差额由选举办法规定（LOL 30）。")
        extra = (1 if surplus is None else surplus) if by_election_contested else 0
        if by_election_contested and extra < 1:
            raise ValueError("差额补选的差额数至少为 1 名（LOL 30）。")
    else:
        low, high = further_round_surplus_range(kind, seats)
        default = high if kind == OfficeKind.HEAD else low  # a head: one more, as LOL 27 says
        extra = default if surplus is None else surplus
        if not low <= extra <= high:
            art = "EL 45" if kind == OfficeKind.CITY_DEPUTY else "LOL 29"
            raise ValueError(
                f"另行选举{KIND_LABELS[kind]}的差额数 {extra} 名不合法，"
                f"法定差额为 {low} 至 {high} 名（{art}）。"
            )
    size = seats + extra
    pool = [
        t
        for t in result.tallies
        if t.verdict in (Verdict.FAILED, Verdict.OUTRANKED)
        and (t.on_slate or (include_write_ins and t.yes > 0))
    ]
    pool.sort(key=lambda t: -t.yes)  # stable: equal votes keep the slate's order
    chosen, tied = pool[:size], []
    if len(pool) > size and pool[size].yes == pool[size - 1].yes:
        last = pool[size - 1].yes
        chosen = [t for t in pool if t.yes > last]
        tied = [t for t in pool if t.yes == last]
    open_places = size - len(chosen) if tied else 0
    enough = len(pool) >= size

    art = "EL 45" if kind == OfficeKind.CITY_DEPUTY else "LOL 29"
    contest = f"差额 {extra} 名" if extra else "等额"
    text = f"另行选举{KIND_LABELS[kind]} {seats} 名，候选人 {size} 人（{contest}）"
    if chosen:
        text += f"，按第一次投票得票多少的顺序：{'、'.join(t.name for t in chosen)}"
    if tied:
        who = "、".join(t.name for t in tied)
        text += (
            f"；{who} 得票相等，争 {open_places} 个名额，由主席团提请代表酝酿，必要时预选（LOL 27）"
        )
    if not enough:
        text += f"；第一次投票未当选的只有 {len(pool)} 人，不足的候选人依照法定程序另行提名"
    return FurtherRound(
        seats=seats,
        surplus=extra,
        candidates=tuple(t.person for t in chosen),
        tied_at_cut=tuple(t.person for t in tied),
        open_places=open_places,
        enough=enough,
        sentence=f"{text}（{art}）。",
    )
