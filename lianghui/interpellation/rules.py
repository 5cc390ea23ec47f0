"""Interpellation (质询案) at a session of a local people's congress. Pure: no Django.

LOL 24 (地方组织法第二十四条):
- ¶1: while the congress is in session, ten or more delegates jointly may file, in writing, an
  interpellation of the people's government at their level or its departments, the
  supervisory commission, the people's court or the people's procuratorate. It must name the
  body questioned and state the questions and their substance.
- ¶2: the presidium decides to refer it to the body questioned, to be answered orally at a
  presidium meeting, a plenary meeting or a meeting of the special committee concerned, or in
  writing. The filing delegates may attend a presidium or committee meeting that hears it.
- ¶3: an oral answer is given by the head (负责人) of the body in person; a written one is
  signed by the head.
DL 20 ¶5 (代表法第二十条第五款): if half or more (半数以上) of the filing delegates are not
satisfied with the answer, they may ask the body to answer again. The Shanghai rules (上海市
人民代表大会议事规则第五十八条) add that the presidium refers the request back to the body.
Shanghai rules 59: before the presidium has decided on it, the filers may withdraw it.
"""

from dataclasses import dataclass
from enum import StrEnum

MIN_FILERS = 10  # LOL 24 ¶1: 代表十人以上联名 ("以上" includes ten)
MAX_ROUNDS = 2  # a first answer, and one more when the filers ask (DL 20 ¶5)


class Target(StrEnum):
    GOVERNMENT = "government"  # 本级人民政府
    DEPARTMENT = "department"  # 人民政府所属工作部门
    SUPERVISORY = "supervisory"  # 监察委员会
    COURT = "court"  # 人民法院
    PROCURATORATE = "procuratorate"  # 人民检察院


TARGET_LABELS = {
    Target.GOVERNMENT: "本级人民政府",
    Target.DEPARTMENT: "人民政府所属工作部门",
    Target.SUPERVISORY: "监察委员会",
    Target.COURT: "人民法院",
    Target.PROCURATORATE: "人民检察院",
}


class AnswerForm(StrEnum):
    PRESIDIUM = "presidium"  # 在主席团会议上口头答复
    PLENARY = "plenary"  # 在大会全体会议上口头答复
    COMMITTEE = "committee"  # 在有关的专门委员会会议上口头答复
    WRITTEN = "written"  # 书面答复


# The meeting kind (sessions.MeetingKind values) each oral form is answered at. A special
# committee's meeting is kept as a meeting of kind "other" (the sessions app has no kind
# of its own for it).
MEETING_KIND_FOR = {
    AnswerForm.PRESIDIUM: "presidium",
    AnswerForm.PLENARY: "plenary",
    AnswerForm.COMMITTEE: "other",
}


class State(StrEnum):
    FILED = "filed"  # 已提出，待主席团决定
    REFERRED = "referred"  # 主席团已决定交受质询机关答复
    ANSWERED = "answered"  # 已答复
    REANSWER = "reanswer"  # 提质询案的代表要求再作答复，已交受质询机关
    CLOSED = "closed"  # 已办结（再次答复后）
    WITHDRAWN = "withdrawn"  # 已撤回


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"
    UNSATISFIED = "unsatisfied"


def filing_refusal(
    filers: int, non_delegates: int, target: str, unit: str, subject: str, questions: str
) -> str | None:
    """Why an interpellation may not be filed as given (Chinese), or None."""
    if target not in {t.value for t in Target}:
        return (
            "依照地方组织法第二十四条，质询对象须为本级人民政府及其所属工作部门、"
            "监察委员会、人民法院或者人民检察院。"
        )
    if not unit.strip():
        return "依照地方组织法第二十四条，质询案必须写明质询对象（受质询机关的名称）。"
    if not subject.strip() or not questions.strip():
        return "依照地方组织法第二十四条，质询案必须写明质询的问题和内容。"
    if non_delegates:
        return (
            f"依照地方组织法第二十四条，质询案由本级人民代表大会代表联名提出；"
            f"有{non_delegates}名联名人不是本届代表。"
        )
    if filers < MIN_FILERS:
        return (
            f"依照地方组织法第二十四条，质询案须由代表{MIN_FILERS}人以上联名提出；现有{filers}人。"
        )
    return None


def answer_form_refusal(form: str, meeting_kind: str | None) -> str | None:
    """LOL 24 ¶2: an oral answer is given at a meeting of the kind its form names; a written
    answer at none."""
    if form not in {f.value for f in AnswerForm}:
        return (
            "依照地方组织法第二十四条，答复方式须为在主席团会议、大会全体会议或者有关的"
            "专门委员会会议上口头答复，或者书面答复。"
        )
    if form == AnswerForm.WRITTEN:
        return None
    if meeting_kind is None:
        return "依照地方组织法第二十四条，口头答复须指定答复的会议。"
    if meeting_kind != MEETING_KIND_FOR[AnswerForm(form)]:
        return "依照地方组织法第二十四条，所选会议与答复方式不符（主席团会议、大会全体会议或专门委员会会议）。"
    return None


def may_ask_again(filers: int, unsatisfied: int) -> bool:
    """DL 20 ¶5: half or more (半数以上) of ALL the filing delegates — not of those who
    stated a view — are not satisfied."""
    if filers <= 0 or not 0 <= unsatisfied <= filers:
        raise ValueError("unsatisfied must be between 0 and the number of filers")
    return 2 * unsatisfied >= filers


def ask_again_refusal(filers: int, unsatisfied: int, rounds: int) -> str | None:
    if rounds >= MAX_ROUNDS:
        return "受质询机关已再次答复；会议期间不再要求重新答复（代表法第二十条）。"
    if not may_ask_again(filers, unsatisfied):
        return (
            f"依照代表法第二十条，提出质询案的代表半数以上对答复不满意的，才可以要求再作答复；"
            f"提质询案的代表{filers}人，不满意{unsatisfied}人。"
        )
    return None


@dataclass(frozen=True)
class Tally:
    """The filers' responses to one answer."""

    filers: int
    satisfied: int
    unsatisfied: int

    @property
    def silent(self) -> int:
        return self.filers - self.satisfied - self.unsatisfied

    @property
    def may_ask_again(self) -> bool:
        return self.filers > 0 and may_ask_again(self.filers, self.unsatisfied)

    @property
    def sentence(self) -> str:
        return (
            f"提质询案的代表{self.filers}人：满意{self.satisfied}人，不满意{self.unsatisfied}人，"
            f"未表示意见{self.silent}人。"
        )
