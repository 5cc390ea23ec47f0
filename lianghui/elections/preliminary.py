"""The preliminary election (预选): its result, in order of votes. Pure: no Django.

LOL 27 ¶2 (and 沪议事规则 44): when more are nominated than the election method's surplus
allows, the presidium puts ALL the nominees to the delegates and a preliminary election is
held; "根据在预选中得票多少的顺序，按照选举办法规定的差额数，确定正式候选人名单". EL 31–32 say
the same of deputies to the congress above. The preliminary is a ballot like the election's
own (secret, 赞成/反对/弃权 per nominee, at most as many 赞成 as places on the list, the same
validity rules of EL 44), but no majority is needed: the list is the nominees with the most
赞成 votes, as many as the method's seats plus surplus.

A tie at the last place: the law does not say. The reading here follows LOL 29 ¶1 (and
沪议事规则 45) for the same situation in the election itself — "如遇票数相等不能确定当选人时，
应当就票数相等的人再次投票，以得票多的当选": those tied at the cut are put to the vote again
for the places left; those above the cut keep theirs. Including all the tied would break the
method's exact surplus, and drawing lots has no basis in the law.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

ARTICLE = "地方组织法第二十七条"


@dataclass(frozen=True)
class Preliminary:
    kept: tuple[Hashable, ...]  # on the list, in order of votes
    tied: tuple[Hashable, ...]  # tied at the last place: voted on again among themselves
    places: int  # how many of the tied the re-vote keeps (0 when none are tied)
    order: tuple[Hashable, ...]  # every nominee, in order of votes (the slate's order on ties)

    @property
    def settled(self) -> bool:
        return not self.tied


def rank(yes: Mapping[Hashable, int], keep: int, slate: Sequence[Hashable]) -> Preliminary:
    """The preliminary's outcome: ``yes`` votes per nominee, ``keep`` places on the list,
    ``slate`` the ballot's order (which orders equal votes for display only)."""
    if keep < 1:
        raise ValueError("预选确定的候选人数至少为 1 名。")
    if set(yes) != set(slate):
        raise ValueError("预选的得票须与选票上的候选人一一对应。")
    position = {p: i for i, p in enumerate(slate)}
    order = tuple(sorted(slate, key=lambda p: (-yes[p], position[p])))
    if len(order) <= keep:
        return Preliminary(order, (), 0, order)
    cut = yes[order[keep - 1]]
    above = tuple(p for p in order if yes[p] > cut)
    at = tuple(p for p in order if yes[p] == cut)
    if len(above) + len(at) == keep:
        return Preliminary(above + at, (), 0, order)
    return Preliminary(above, at, keep - len(above), order)


def sentences(result: Preliminary, yes: Mapping[Hashable, int], names: Mapping) -> list[str]:
    """What the scrutineers report: each nominee's votes in order, then the list."""
    out = [f"{names.get(p, p)} 得赞成票 {yes[p]} 票。" for p in result.order]
    if result.kept:
        listed = "、".join(str(names.get(p, p)) for p in result.kept)
        out.append(f"按预选得票多少的顺序，{listed}列入正式候选人名单（{ARTICLE}）。")
    if result.tied:
        tied = "、".join(str(names.get(p, p)) for p in result.tied)
        out.append(
            f"{tied}得票相等，不能确定末位，须就票数相等的人再次预选，确定 {result.places} 名"
            f"（参照地方组织法第二十九条）。"
        )
    return out
