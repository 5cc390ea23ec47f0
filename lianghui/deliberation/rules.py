"""Who takes the constitutional oath at the session, and how a batch is formed. Pure: no Django.

Constitution 27(3) (宪法第二十七条第三款): state functionaries take a public oath to the
Constitution when they take office. The Shanghai rules (《上海市实施宪法宣誓制度办法》,
2018, "SH") say who, when and how, for a district (区) congress:

- SH 4(2): those the district congress elects — 常委会主任、副主任、委员, 区长、副区长,
  监察委员会主任, 区人民法院院长 — and the special-committee 主任委员、副主任委员、委员 it
  confirms by vote, swear after they are produced by the statutory procedure; the session's
  presidium (主席团) organises the ceremony.
- SH 4(4): the 检察长 the district congress elects swears only after the upper level's chief
  procurator has asked the upper congress's standing committee and it has approved; that
  ceremony is organised by the district standing committee's council of chairpersons (主任会议),
  not by the session.
- SH 8: the presidium's ceremony is held at a plenary meeting as a rule (or as the presidium
  decides); individual or collective; a collective oath may be taken in batches; for a
  collective oath the presidium names one person to lead it (领誓人).
- SH 10: the flag or the national emblem is displayed and the anthem sung; individually, the
  taker reads the oath; collectively, the leader reads it and the others follow; after the
  oath each taker states their name.

Deputies to the city congress elected by the district congress take office as deputies, not
as state functionaries: SH 4 does not list them, so they take no oath here.
"""

from collections.abc import Collection, Hashable
from dataclasses import dataclass
from enum import StrEnum

# SH 3 (the 2018 text, as amended with the Constitution in 2018).
OATH_TEXT_2018 = (
    "我宣誓：忠于中华人民共和国宪法，维护宪法权威，履行法定职责，忠于祖国、忠于人民，"
    "恪尽职守、廉洁奉公，接受人民监督，为建设富强民主文明和谐美丽的社会主义现代化强国努力奋斗！"
)

RULES_TITLE = "《上海市实施宪法宣誓制度办法》"
PROCURATOR = "检察长"
DEPUTY_PROCURATOR = "副检察长"
CITY_DEPUTY_KIND = "city_deputy"  # lianghui.elections.slate.OfficeKind.CITY_DEPUTY


class Source(StrEnum):
    ELECTED = "elected"  # 选举产生 (an election of this session)
    CONFIRMED = "confirmed"  # 表决通过 (a vote on special-committee members)


class Form(StrEnum):
    INDIVIDUAL = "individual"  # 单独宣誓
    COLLECTIVE = "collective"  # 集体宣誓


@dataclass(frozen=True)
class Verdict:
    ok: bool
    code: str = ""
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


OK = Verdict(True)


@dataclass(frozen=True)
class Appointment:
    """Someone produced at a session for an office, as the oath rule needs to see it.

    ``needs_approval``: the office takes effect only after the upper level approves (the
    检察长, LOL 11 / SH 4(4)); ``this_session``: elected or confirmed at the session whose
    ceremony this is; ``announced``: the election result published, or the vote published
    and passed.
    """

    source: Source
    office_title: str
    needs_approval: bool = False
    this_session: bool = True
    announced: bool = True
    office_kind: str | None = None


def needs_upper_approval(office_title: str) -> bool:
    """Whether an office title, with no Office row to ask, is the elected 检察长 (SH 4(4)).

    A 副检察长 is appointed by the standing committee (SH 6), never elected at the session.
    """
    title = office_title.strip()
    return title.endswith(PROCURATOR) and not title.endswith(DEPUTY_PROCURATOR)


def oath_at_session(a: Appointment) -> Verdict:
    """May this person swear at the session's ceremony, organised by the presidium (SH 4(2))?"""
    if a.needs_approval or needs_upper_approval(a.office_title):
        return Verdict(
            False,
            "after_approval",
            f"{a.office_title}须经上一级人民检察院检察长提请该级人民代表大会常务委员会批准后，"
            f"在常务委员会主任会议组织的宣誓仪式上进行宪法宣誓，不在本次大会宣誓"
            f"（{RULES_TITLE}第四条第四款）。",
        )
    if a.office_kind == CITY_DEPUTY_KIND:
        return Verdict(
            False,
            "not_an_office",
            f"当选的市人民代表大会代表不属于{RULES_TITLE}第四条规定的就职宣誓人员。",
        )
    if not a.this_session:
        return Verdict(
            False,
            "other_session",
            f"大会主席团组织的宣誓仪式只为本次会议选举或者表决通过的人员举行"
            f"（{RULES_TITLE}第四条第二款）。",
        )
    if not a.announced:
        what = "选举结果" if a.source == Source.ELECTED else "表决结果"
        return Verdict(
            False,
            "not_announced",
            f"{what}宣布后才能进行宪法宣誓：须在依照法定程序产生后宣誓"
            f"（{RULES_TITLE}第四条第二款）。",
        )
    return OK


def check_batch(form: Form | str, takers: Collection[Hashable], leader: Hashable | None) -> Verdict:
    """SH 8(2), 10: one taker alone reads the oath; a collective batch is led by one of them."""
    form = Form(form)
    if not takers:
        return Verdict(False, "empty_batch", "每批宣誓至少须有一名宣誓人。")
    if form == Form.INDIVIDUAL:
        if len(takers) != 1:
            return Verdict(False, "individual_one", "单独宣誓每次只有一名宣誓人。")
        if leader is not None and leader not in takers:
            return Verdict(False, "no_leader", "单独宣誓不设领誓人。")
        return OK
    if len(takers) < 2:
        return Verdict(False, "collective_two", "集体宣誓至少须有两名宣誓人，一人时请单独宣誓。")
    if leader is None:
        return Verdict(
            False,
            "leader_required",
            f"集体宣誓的，由主席团指定一人领誓（{RULES_TITLE}第八条第二款）。",
        )
    if leader not in takers:
        return Verdict(False, "leader_not_taker", "领誓人须为本批宣誓人之一。")
    return OK


# --- questions during deliberation (询问) --------------------------------------------------
#
# LOL 23 (地方组织法第二十三条): while the congress deliberates a bill, delegates may put
# questions (询问) to the local state organs concerned, which send someone to explain. DL 19
# (代表法第十九条) the same while deliberating bills and reports: the organ sends its head or a
# responsible official. 沪议事规则 54: asked in a delegation's meeting, answered during the
# session; a complex question may be answered after it if the presidium or the delegation
# agrees.

QUESTION_ARTICLE = "依照地方组织法第二十三条和代表法第十九条"


def question_refusal(
    *, congress: bool, asker_is_member: bool, under_review: bool, unit: str, text: str
) -> str | None:
    """Why a question may not be recorded as given (Chinese), or None."""
    if not congress:
        return f"{QUESTION_ARTICLE}，询问是人民代表大会代表在审议议案和报告时的权利。"
    if not under_review:
        return f"{QUESTION_ARTICLE}，代表在审议议案和报告时提出询问；请先写明本组审议的事项。"
    if not asker_is_member:
        return f"{QUESTION_ARTICLE}，提出询问的须为参加本组审议的代表。"
    if not unit.strip():
        return f"{QUESTION_ARTICLE}，询问向有关国家机关提出；请写明被询问的机关。"
    if not text.strip():
        return "请填写询问的内容。"
    return None


def answer_refusal(answered_by: str, text: str, *, deferred: bool) -> str | None:
    """DL 19: the organ's head or a responsible official answers; 沪议事规则 54 ¶4: or it is
    answered after the session, with consent (then only who agreed is recorded)."""
    if not answered_by.strip():
        return (
            f"{QUESTION_ARTICLE}，由有关机关派负责人或者负责人员说明；请写明说明人的姓名和职务"
            + ("（或同意会后答复的代表团、主席团）。" if deferred else "。")
        )
    if not deferred and not text.strip():
        return "请填写说明的内容。"
    return None
