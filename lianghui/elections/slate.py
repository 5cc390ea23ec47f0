"""Who may stand: office kinds, nominations and the contest rule (差额). Pure: no Django.

LOL 26 nominations; LOL 27 the contest rule and the preliminary election (预选); LOL 29 the
contest rule again for a further round (另行选举); LOL 30 by-elections (补选) of office holders.
Deputies to the city congress: EL 30 nominations, EL 31 the contest ratio, EL 32 the preliminary
election, EL 45 the further round, EL 57 by-elections.

How whole persons are read out of fractions (LOL 27 "多十分之一至五分之一", EL 31
"多于……五分之一至二分之一"): the lower bound is rounded UP (进一法, at least a tenth of the seats),
the upper bound DOWN (at most a fifth), and where no whole number lies between them (fewer
than 10 standing-committee seats: 3 seats give 0.3..0.6) the surplus is exactly 1, because the law
still orders a contested election (进行差额选举) and one is the smallest contest there is.
"""

import math
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class OfficeKind(StrEnum):
    HEAD = "head"  # 常委会主任、区长、监察委员会主任、法院院长、检察长 (LOL 27 正职)
    DEPUTY_HEAD = "deputy_head"  # 常委会副主任、副区长 (LOL 27 副职)
    STANDING_MEMBER = "standing_member"  # 常委会委员 (LOL 27)
    CITY_DEPUTY = "city_deputy"  # 市人民代表大会代表 (EL 31, 45)


KIND_LABELS = {
    OfficeKind.HEAD: "正职领导人员",
    OfficeKind.DEPUTY_HEAD: "副职领导人员",
    OfficeKind.STANDING_MEMBER: "常务委员会委员",
    OfficeKind.CITY_DEPUTY: "市人民代表大会代表",
}

PRESIDIUM = "presidium"  # the nominator key for 主席团 in nomination maps


@dataclass(frozen=True)
class SlateCheck:
    ok: bool
    reason: str

    def __bool__(self) -> bool:
        return self.ok


def _article(kind: OfficeKind) -> str:
    return "EL 31" if kind == OfficeKind.CITY_DEPUTY else "LOL 27"


def surplus_range(kind: OfficeKind | str, seats: int) -> tuple[int, int]:
    """Lowest and highest lawful surplus (candidates minus seats) of a contested election.

    HEAD: one more (LOL 27). DEPUTY_HEAD: one to three more (LOL 27). STANDING_MEMBER: a tenth
    to a fifth more (LOL 27). CITY_DEPUTY: a fifth to a half more (EL 31); one seat → two
    candidates, as EL 45 says for a further round. Rounding: see the module docstring.
    """
    kind = OfficeKind(kind)
    if seats < 1:
        raise ValueError("应选名额至少为 1 名。")
    if kind == OfficeKind.HEAD:
        return 1, 1
    if kind == OfficeKind.DEPUTY_HEAD:
        return 1, 3
    low_frac, high_frac = (10, 5) if kind == OfficeKind.STANDING_MEMBER else (5, 2)
    low = math.ceil(seats / low_frac)
    return low, max(low, seats // high_frac)


def further_round_surplus_range(kind: OfficeKind | str, seats: int) -> tuple[int, int]:
    """Lowest and highest lawful surplus of a further round (另行选举) for `seats` left.

    LOL 29 third paragraph orders a contested further round (LOL 27's range) only for
    常委会副主任、委员 and the government's deputies (DEPUTY_HEAD, STANDING_MEMBER). A head
    (正职, and 常委会秘书长) stays under LOL 27 itself: one more candidate, or uncontested
    ("如果提名的候选人只有一人，也可以等额选举"), so 0 or 1. City-congress deputies: EL 45,
    contested by EL 31's ratio, two candidates for one seat.
    """
    kind = OfficeKind(kind)
    low, high = surplus_range(kind, seats)
    if kind == OfficeKind.HEAD:
        return 0, high
    return low, high


def _range_words(low: int, high: int) -> str:
    return f"{low} 名" if low == high else f"{low} 至 {high} 名"


def _count(candidates: int | Collection[Hashable]) -> int | None:
    if isinstance(candidates, int):
        return candidates
    people = list(candidates)
    return len(people) if len(set(people)) == len(people) else None


def check_slate(
    kind: OfficeKind | str,
    seats: int,
    candidates: int | Collection[Hashable],
    *,
    by_election: bool = False,
    by_election_contested: bool | None = None,
    surplus: int | None = None,
    nominated: int | None = None,
) -> SlateCheck:
    """Whether a slate of `candidates` (a number, or the candidates' ids) may go to the vote.

    surplus: the 差额数 fixed in the election method (LOL 27, EL 32), checked against the law's
    range; None checks the slate against the law's range alone. nominated: how many were
    nominated (default: the slate) — a head may stand uncontested only when one was (LOL 27).
    By-elections (LOL 30, EL 57): contested or uncontested as `by_election_contested` says.
    """
    kind = OfficeKind(kind)
    label = KIND_LABELS[kind]
    n = _count(candidates)
    if n is None:
        return SlateCheck(False, "候选人名单中有重复的人。")
    if seats < 1:
        return SlateCheck(False, "应选名额至少为 1 名。")
    if kind == OfficeKind.HEAD and seats != 1:
        return SlateCheck(False, f"{label}应选 1 名，不能为 {seats} 名（LOL 27）。")
    if n < seats:
        return SlateCheck(False, f"候选人 {n} 人，少于应选名额 {seats} 名。")
    if by_election:
        return _check_by_election(kind, seats, n, by_election_contested, surplus)
    if kind == OfficeKind.HEAD:
        return _check_head(n, surplus, n if nominated is None else nominated)
    return _check_contested(kind, seats, n, surplus)


def _check_by_election(kind, seats, n, contested, surplus) -> SlateCheck:
    art = "EL 57" if kind == OfficeKind.CITY_DEPUTY else "LOL 30"
    head = f"补选{KIND_LABELS[kind]} {seats} 名，候选人 {n} 人"
    if contested is None:
        return SlateCheck(False, f"补选是否差额由选举办法规定，选举办法尚未规定（{art}）。")
    if not contested:
        if surplus:
            return SlateCheck(
                False, f"等额补选不设差额数，选举办法却规定差额 {surplus} 名（{art}）。"
            )
        if n != seats:
            return SlateCheck(False, f"{head}，等额补选的候选人数应等于应选名额（{art}）。")
        return SlateCheck(True, f"{head}，等额选举，符合选举办法（{art}）。")
    if surplus is not None and surplus < 1:
        return SlateCheck(False, f"差额补选的差额数至少为 1 名（{art}）。")
    if surplus is None and n == seats:
        return SlateCheck(False, f"{head}，差额补选的候选人数应多于应选名额（{art}）。")
    if surplus is not None and n != seats + surplus:
        return SlateCheck(False, f"{head}，不符合选举办法规定的差额数 {surplus} 名（{art}）。")
    return SlateCheck(True, f"{head}，差额 {n - seats} 名，差额选举，符合选举办法（{art}）。")


def _check_head(n: int, surplus: int | None, nominated: int) -> SlateCheck:
    if surplus is not None and surplus not in (0, 1):
        return SlateCheck(
            False, f"正职的候选人至多多一人，选举办法规定差额 {surplus} 名（LOL 27）。"
        )
    if n == 1:
        if nominated > 1:
            return SlateCheck(
                False,
                f"提名了 {nominated} 人，正职只有在提名的候选人只有一人时才可以等额选举（LOL 27）。",
            )
        return SlateCheck(True, "应选 1 名，提名的候选人只有一人，等额选举（LOL 27）。")
    if n == 2:
        if surplus == 0:
            return SlateCheck(False, "选举办法规定等额选举，候选人却有 2 人（LOL 27）。")
        return SlateCheck(True, "应选 1 名，候选人 2 人，多一人，差额选举（LOL 27）。")
    return SlateCheck(
        False,
        f"应选 1 名，候选人 {n} 人，正职的候选人至多多一人；提名人数超过差额数，应进行预选（LOL 27）。",
    )


def _check_contested(kind: OfficeKind, seats: int, n: int, surplus: int | None) -> SlateCheck:
    art = _article(kind)
    low, high = surplus_range(kind, seats)
    head = f"应选 {seats} 名，候选人 {n} 人，差额 {n - seats} 名"
    lawful = f"法定差额为 {_range_words(low, high)}"
    if surplus is not None and not low <= surplus <= high:
        return SlateCheck(False, f"选举办法规定的差额数 {surplus} 名不合法，{lawful}（{art}）。")
    # EL 32: deputies go straight to the vote whenever the slate is within the law's ratio; the
    # method's own ratio only fixes the list after a preliminary election. LOL 27: office
    # holders' slates must match the surplus the election method fixes.
    if surplus is not None and kind != OfficeKind.CITY_DEPUTY:
        low = high = surplus
        lawful = f"选举办法规定差额 {surplus} 名"
    if n - seats < low:
        return SlateCheck(False, f"{head}，应当差额选举，{lawful}，候选人不足（{art}）。")
    if n - seats > high:
        pre = "EL 32" if kind == OfficeKind.CITY_DEPUTY else "LOL 27"
        return SlateCheck(False, f"{head}，超过{lawful}，应进行预选（{pre}）。")
    return SlateCheck(True, f"{head}，{lawful}，差额选举（{art}）。")


def preliminary_election_needed(
    kind: OfficeKind | str, seats: int, nominated: int, surplus: int | None = None
) -> bool:
    """Too many nominees: a preliminary election (预选) fixes the list in order of votes.

    Office holders (LOL 27): more nominees than seats plus the election method's surplus
    (None: the law's highest). City-congress deputies (EL 32): more than the law's HIGHEST ratio
    (a half more) — a slate within EL 31's range goes straight to the vote, whatever the method.
    """
    kind = OfficeKind(kind)
    low, high = surplus_range(kind, seats)
    if kind == OfficeKind.CITY_DEPUTY or surplus is None:
        surplus = high
    elif not low <= surplus <= high:
        raise ValueError(f"差额数 {surplus} 名不合法，法定差额为 {_range_words(low, high)}。")
    return nominated > seats + surplus


def preliminary_list_size(
    kind: OfficeKind | str, seats: int, surplus: int | None = None, *, contested: bool = True
) -> int:
    """How many names a preliminary election (预选) keeps, in order of its votes: the seats
    plus the election method's surplus (LOL 27 "按照选举办法规定的差额数"; EL 32 its ratio).

    A surplus of 0 — an uncontested election, a head with one nominee or an uncontested
    by-election (LOL 27, 30) — keeps exactly the seats; only when the method fixes no
    surplus at all (None, contested) does the law's highest apply, as in
    preliminary_election_needed.
    """
    if seats < 1:
        raise ValueError("应选名额至少为 1 名。")
    if not contested:
        return seats
    if surplus is None:
        return seats + surplus_range(kind, seats)[1]
    if surplus < 0:
        raise ValueError("差额数不能为负数。")
    return seats + surplus


def by_nominator(
    nominations: Iterable[tuple[Hashable, Iterable[Hashable]]],
) -> dict[Hashable, set[Hashable]]:
    """(candidate, signers) pairs — one per nomination, the presidium signing as PRESIDIUM —
    turned into the set of candidates each nominator put forward, alone or jointly (LOL 26)."""
    out: dict[Hashable, set[Hashable]] = {}
    for candidate, signers in nominations:
        for signer in signers:
            out.setdefault(signer, set()).add(candidate)
    return out


def nomination_limit_ok(
    nominations_by_nominator: Mapping[Hashable, Collection[Hashable]],
    seats: int,
    *,
    names: Mapping[Hashable, str] | None = None,
) -> SlateCheck:
    """LOL 26 (EL 30 for deputies): neither the presidium nor any one delegate, across all the
    joint nominations they sign, may nominate more people than there are seats."""
    names = names or {}
    over = []
    for who, people in nominations_by_nominator.items():
        if len(set(people)) > seats:
            label = "主席团" if who == PRESIDIUM else f"代表 {names.get(who, who)}"
            over.append(f"{label}提名 {len(set(people))} 人")
    if over:
        return SlateCheck(False, f"{'，'.join(over)}，超过应选名额 {seats} 名（LOL 26）。")
    return SlateCheck(True, f"主席团和每一代表提名的候选人均未超过应选名额 {seats} 名（LOL 26）。")


def joint_nomination_ok(
    signers: Iterable[Hashable], minimum: int = 10, *, delegates: Collection[Hashable] | None = None
) -> SlateCheck:
    """LOL 26: ten or more delegates (十人以上, the ten included) jointly, in writing, at county
    level. `delegates`: if given, only signers who are delegates count."""
    people = set(signers)
    strangers = people - set(delegates) if delegates is not None else set()
    n = len(people - strangers)
    note = f"（另有 {len(strangers)} 人不是代表，不计）" if strangers else ""
    if n < minimum:
        return SlateCheck(False, f"代表 {n} 人联名{note}，少于 {minimum} 人，不能提名（LOL 26）。")
    return SlateCheck(True, f"代表 {n} 人联名{note}，达到 {minimum} 人以上，可以提名（LOL 26）。")
