"""Recall (罢免) and resignation (辞职) before a county-level or higher congress. Pure.

Recall — LOL 31 (地方组织法第三十一条), with LOL 13 and, for deputies to the congress above,
EL 51–53 (选举法第五十一条至第五十三条):
- ¶1: while the congress is in session, its presidium, its standing committee, or one tenth or
  more of its delegates jointly may propose the recall of a member of the standing committee,
  a member of the people's government, the supervisory commission's director, the court's
  president or the chief procurator. A deputy to the congress above elected by this congress
  may be recalled on the proposal of the presidium or one tenth of the delegates (EL 51 ¶1; the
  standing committee proposes that only between sessions).
- ¶3: the proposal states its reasons.
- ¶4: the person named may state a defence at a presidium meeting or a plenary meeting, or in
  writing (EL 51 ¶2 the same for a deputy).
- ¶5: the presidium puts it, after deliberation, to the plenary's vote (or proposes an
  investigation committee — not handled here).
- LOL 25 / EL 53 ¶2: carried by more than half of ALL delegates; EL 52 and the Shanghai rules
  (沪议事规则 49) a secret vote.
- LOL 13: the recall of a chief procurator takes effect once the level above approves.

Resignation — LOL 32 (地方组织法第三十二条): members of the standing committee and of the special
committees, the government's leaders (正职 and 副职, not its departments' heads), the
supervisory commission's director, the court's president and the chief procurator may resign
to the congress, which decides whether to accept; the chief procurator's needs the approval of
the level above. The presidium puts it to the plenary (沪议事规则 51); acceptance is a
decision of the congress, by more than half of all delegates (LOL 25).
"""

from enum import StrEnum


class Post(StrEnum):
    SC_MEMBER = "sc_member"  # 本级人大常委会组成人员（主任、副主任、秘书长、委员）
    GOV_LEADER = "gov_leader"  # 人民政府领导人员（正职、副职）
    GOV_DEPARTMENT = "gov_department"  # 人民政府其他组成人员（局长、委员会主任等）
    SUPERVISORY_DIRECTOR = "supervisory_director"
    COURT_PRESIDENT = "court_president"
    PROCURATOR = "procurator"
    SPECIAL_COMMITTEE = "special_committee"  # 专门委员会组成人员
    UPPER_DEPUTY = "upper_deputy"  # 本级人大选出的上一级人大代表


POST_LABELS = {
    Post.SC_MEMBER: "人大常委会组成人员",
    Post.GOV_LEADER: "人民政府领导人员",
    Post.GOV_DEPARTMENT: "人民政府其他组成人员",
    Post.SUPERVISORY_DIRECTOR: "监察委员会主任",
    Post.COURT_PRESIDENT: "人民法院院长",
    Post.PROCURATOR: "人民检察院检察长",
    Post.SPECIAL_COMMITTEE: "专门委员会组成人员",
    Post.UPPER_DEPUTY: "上一级人民代表大会代表",
}

RECALLABLE = frozenset(Post) - {Post.SPECIAL_COMMITTEE}  # LOL 31 ¶1; EL 51
MAY_RESIGN = frozenset(Post) - {Post.GOV_DEPARTMENT, Post.UPPER_DEPUTY}  # LOL 32 ¶1
NEEDS_APPROVAL = frozenset({Post.PROCURATOR})  # LOL 13; LOL 32 ¶1


class Proposer(StrEnum):
    PRESIDIUM = "presidium"
    STANDING_COMMITTEE = "standing_committee"
    DELEGATES = "delegates"


class Defence(StrEnum):
    PRESIDIUM = "presidium"  # 在主席团会议上提出申辩意见
    PLENARY = "plenary"  # 在大会全体会议上提出申辩意见
    WRITTEN = "written"  # 书面提出申辩意见
    DECLINED = "declined"  # 本人表示不提出申辩意见


def tenth_of(delegates: int) -> int:
    """The fewest delegates that are one tenth or more (十分之一以上) of `delegates`."""
    if delegates < 0:
        raise ValueError("delegates must not be negative")
    return -(-delegates // 10)


def recall_refusal(
    post: str,
    proposer: str,
    *,
    reasons: str,
    delegates_total: int,
    signers: int = 0,
    non_delegate_signers: int = 0,
) -> str | None:
    """Why a recall may not be proposed as given (Chinese), or None."""
    if post not in {p.value for p in Post} or Post(post) not in RECALLABLE:
        return (
            "依照地方组织法第三十一条，罢免案针对本级人民代表大会常务委员会组成人员、人民政府组成人员、"
            "监察委员会主任、人民法院院长、人民检察院检察长，以及本级人民代表大会选出的上一级"
            "人民代表大会代表（选举法第五十一条）。"
        )
    if proposer not in {p.value for p in Proposer}:
        return "依照地方组织法第三十一条，罢免案由主席团、常务委员会或者十分之一以上代表联名提出。"
    if post == Post.UPPER_DEPUTY and proposer == Proposer.STANDING_COMMITTEE:
        return (
            "依照选举法第五十一条，人民代表大会举行会议的时候，罢免上一级人民代表大会代表的罢免案"
            "由主席团或者十分之一以上代表联名提出。"
        )
    if proposer == Proposer.DELEGATES:
        if non_delegate_signers:
            return (
                f"依照地方组织法第三十一条，联名提出罢免案的须为本级人民代表大会代表；"
                f"有{non_delegate_signers}名联名人不是本届代表。"
            )
        needed = tenth_of(delegates_total)
        if signers < needed:
            return (
                f"依照地方组织法第三十一条，罢免案须由十分之一以上代表联名提出："
                f"全体代表{delegates_total}人，至少{needed}人联名，现有{signers}人。"
            )
    if not reasons.strip():
        return "依照地方组织法第三十一条，罢免案应当写明罢免理由。"
    return None


def resignation_refusal(post: str, letter: str) -> str | None:
    if post not in {p.value for p in Post} or Post(post) not in MAY_RESIGN:
        return (
            "依照地方组织法第三十二条，向本级人民代表大会辞职的是常务委员会组成人员、专门委员会"
            "组成人员和人民政府领导人员、监察委员会主任、人民法院院长、人民检察院检察长。"
        )
    if not letter.strip():
        return "请填写辞职请求（辞职书）的内容。"
    return None


def vote_refusal_before_defence(defence: str | None) -> str | None:
    """LOL 31 ¶4: the vote comes after the person named has stated a defence or declined."""
    if defence in {d.value for d in Defence}:
        return None
    return (
        "依照地方组织法第三十一条，被提出罢免的人员有权在主席团会议或者大会全体会议上提出申辩意见，"
        "或者书面提出申辩意见；请先记录其申辩意见（或本人不申辩），再提请表决。"
    )
