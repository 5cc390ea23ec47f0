"""The presidium (主席团) of a congress session, and a CPPCC's 主席会议, as a body. Pure.

LOL 26, 27 and EL 46 give the presidium its powers in an election: it nominates, it puts
the nominees to the delegates and fixes the candidates list (正式候选人名单), and it decides
whether the election is valid ("由…主席团根据本法确定是否有效"). It acts as a body:
沪议事规则 13 ¶2 — "主席团会议必须有三分之二以上的主席团成员出席，始得举行。主席团的决定，
由主席团全体成员的过半数通过。" So a decision is adopted only at a meeting with two thirds or
more of ALL its members present, by more than half of ALL its members (not of those present
or voting). A CPPCC's 主席会议 is held to the same rule here (its own rules of procedure
say no less).
"""

from dataclasses import dataclass
from enum import StrEnum


class Subject(StrEnum):
    """What a decision decides, and what the actions that cite it may then do."""

    NOMINATION = "nomination"  # 主席团提名 (LOL 26)
    CANDIDATES = "candidates"  # 确定正式候选人名单 (LOL 27)
    PRELIMINARY = "preliminary"  # 提交代表酝酿、讨论后进行预选 (LOL 27 ¶2, EL 31)
    VALIDITY = "validity"  # 确定选举结果是否有效 (EL 46)
    NEXT_ROUND = "next_round"  # 再次投票、另行选举、重新选举的候选人 (LOL 29; EL 46)
    AGENDA = "agenda"  # 会议日程、议程 (沪议事规则 14)
    INTERPELLATION = "interpellation"  # 质询案交受质询机关答复、再作答复 (LOL 24; DL 20)
    RECALL = "recall"  # 提出罢免案、提请全体会议表决 (LOL 31)
    RESIGNATION = "resignation"  # 辞职请求提请全体会议决定 (LOL 32; 沪议事规则 51)
    OTHER = "other"


ELECTION_SUBJECTS = (
    Subject.NOMINATION,
    Subject.CANDIDATES,
    Subject.PRELIMINARY,
    Subject.VALIDITY,
    Subject.NEXT_ROUND,
)
# The subjects whose decision names persons (the nominees, the list, the next round's).
PERSON_SUBJECTS = (Subject.NOMINATION, Subject.CANDIDATES, Subject.NEXT_ROUND)

ARTICLE = {
    Subject.NOMINATION: "地方组织法第二十六条",
    Subject.CANDIDATES: "地方组织法第二十七条",
    Subject.PRELIMINARY: "地方组织法第二十七条",
    Subject.VALIDITY: "选举法第四十六条",
    Subject.NEXT_ROUND: "地方组织法第二十九条",
    Subject.AGENDA: "地方组织法第十七条和上海市人民代表大会议事规则第十四条",
    Subject.INTERPELLATION: "地方组织法第二十四条",
    Subject.RECALL: "地方组织法第三十一条",
    Subject.RESIGNATION: "地方组织法第三十二条和上海市人民代表大会议事规则第五十一条",
    Subject.OTHER: "上海市人民代表大会议事规则第十三条",
}

WHAT = {
    Subject.NOMINATION: "主席团提名候选人",
    Subject.CANDIDATES: "确定正式候选人名单",
    Subject.PRELIMINARY: "进行预选",
    Subject.VALIDITY: "确定选举结果是否有效",
    Subject.NEXT_ROUND: "安排再次投票、另行选举或者重新选举并确定其候选人",
    Subject.AGENDA: "预备会议通过议程后，会议日程和列入议程的事项",
    Subject.INTERPELLATION: "将质询案交受质询机关答复",
    Subject.RECALL: "提出罢免案或者将罢免案提请全体会议表决",
    Subject.RESIGNATION: "将辞职请求提请大会全体会议决定",
    Subject.OTHER: "主席团决定",
}


@dataclass(frozen=True)
class Outcome:
    adopted: bool
    quorate: bool
    needed: int  # the fewest yes votes that adopt: more than half of all members
    sentence: str


def quorum_needed(members: int) -> int:
    """Two thirds or more of all members (以上 includes the number): ceil(2n/3)."""
    return -(-2 * members // 3)


def majority_needed(members: int) -> int:
    """More than half of all members (过半数): n // 2 + 1."""
    return members // 2 + 1


def outcome(members: int, present: int, yes: int, *, body: str = "主席团") -> Outcome:
    """A decision's vote, judged by 沪议事规则 13 ¶2 (quorum and majority of ALL members)."""
    if members < 1:
        raise ValueError("主席团没有成员，不能作出决定。")
    if not 0 <= yes <= present <= members:
        raise ValueError("赞成人数不能多于出席人数，出席人数不能多于全体成员。")
    needed = majority_needed(members)
    quorate = present >= quorum_needed(members)
    if not quorate:
        return Outcome(
            False,
            False,
            needed,
            f"{body}全体成员{members}人，出席{present}人，不足三分之二，会议不能举行，"
            f"决定未作出（上海市人民代表大会议事规则第十三条）。",
        )
    adopted = yes >= needed
    verdict = "通过" if adopted else "未通过"
    return Outcome(
        adopted,
        True,
        needed,
        f"{body}全体成员{members}人，出席{present}人，赞成{yes}人，"
        f"{'超过' if adopted else '未超过'}全体成员的半数，决定{verdict}。",
    )


def missing_decision(subject: Subject, *, body: str = "主席团") -> str:
    """The refusal when an action "by the presidium" cites no adopted decision of it."""
    return (
        f"依照{ARTICLE[subject]}，{WHAT[subject]}须由{body}作出决定；"
        f"请先在{body}会议上由全体成员的过半数通过该决定，再引用它。"
    )
