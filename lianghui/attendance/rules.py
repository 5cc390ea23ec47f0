"""Quorum (法定人数). Pure: no Django.

LOL 14 (地方组织法第十四条): a session of a local people's congress may be held only when
two thirds or more of all its delegates are present. "以上" in Chinese law includes the
number itself, so 200 of 300 is a quorum. "All delegates" means those in office.
"""

from dataclasses import dataclass


def quorum_needed(total: int) -> int:
    """The smallest head count that is two thirds or more of `total` (ceil(2/3 * total))."""
    if total < 0:
        raise ValueError("total must not be negative")
    return (2 * total + 2) // 3


@dataclass(frozen=True)
class Quorum:
    total: int  # all delegates (members) in office
    present: int  # checked in with a vote
    on_leave: int
    nonvoting: int  # 列席: counted apart, never towards the quorum
    needed: int
    reached: bool

    @property
    def absent(self) -> int:
        return max(self.total - self.present - self.on_leave, 0)

    @property
    def percent(self) -> float:
        return round(100 * self.present / self.total, 1) if self.total else 0.0

    @property
    def sentence(self) -> str:
        head = f"应到 {self.total} 人，实到 {self.present} 人，请假 {self.on_leave} 人"
        if self.reached:
            return f"{head}，达到全体组成人员三分之二（{self.needed} 人）以上，符合法定人数。"
        return f"{head}，不足全体组成人员三分之二（{self.needed} 人），未达到法定人数。"


def quorum(total: int, present: int, on_leave: int = 0, nonvoting: int = 0) -> Quorum:
    if present < 0 or on_leave < 0 or nonvoting < 0:
        raise ValueError("counts must not be negative")
    if present > total:
        raise ValueError(f"present ({present}) exceeds all members ({total})")
    needed = quorum_needed(total)
    return Quorum(total, present, on_leave, nonvoting, needed, total > 0 and present >= needed)
