"""The steps that turn a meeting's agenda into segments (records/compose.py _item_segments),
each on its own; test_compose.py covers the paragraphs they make up."""

from datetime import datetime
from zoneinfo import ZoneInfo

from lianghui.records.compose import (
    CLAUSE,
    FREE,
    SENTENCE,
    Election,
    Item,
    Meeting,
    Oath,
    Person,
    Vote,
    _after_agenda,
    _by_item,
    _heard_in_series,
    _item_segments,
    _own_segments,
    _placed_oath,
)

WHEN = datetime(2024, 1, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
MAYOR = Person("王某", "区长")


def meeting(*items, **kw) -> Meeting:
    return Meeting(
        kind=kw.pop("kind", "plenary"), title="第一次全体会议", starts_at=WHEN, items=items, **kw
    )


def test_votes_and_elections_are_grouped_by_their_item():
    a, b, c = Vote(1, "表决甲", True), Vote(None, "表决乙", True), Vote(1, "表决丙", False)
    assert _by_item([a, b, c]) == {1: [a, c], None: [b]}
    assert _by_item([]) == {}


def test_an_oath_of_no_agenda_item_moves_to_the_oath_ceremony():
    ceremony = Item(3, "ceremony", "宪法宣誓仪式")
    oath = Oath(None, ("张某",))
    assert _placed_oath(meeting(ceremony, oath=oath)).item_order == 3
    assert _placed_oath(meeting(Item(1, "report", "报告"), oath=oath)).item_order is None
    at_item = Oath(3, ("张某",))
    assert _placed_oath(meeting(ceremony, oath=at_item)) is at_item
    assert _placed_oath(meeting(ceremony)) is None


def test_only_reports_heard_in_the_hall_run_in_series():
    assert _heard_in_series(Item(1, "report", "政府工作报告", MAYOR))
    assert not _heard_in_series(Item(1, "report", "计划报告", MAYOR, "书面"))
    assert not _heard_in_series(Item(1, "report", "计划报告"))  # no presenter: in writing
    assert not _heard_in_series(Item(1, "report", "报告", MAYOR, "代表区政府作报告"))
    assert not _heard_in_series(Item(1, "speech", "讲话", MAYOR))


def test_each_kind_of_item_says_its_own_thing():
    m = meeting()
    written = Item(2, "report", "预算报告", None)
    assert _own_segments(written, m, None, heard=False) == [
        (CLAUSE, "以书面形式下发了《预算报告》")
    ]
    assert _own_segments(written, m, None, heard=True) == [
        (CLAUSE, "还以书面形式下发了《预算报告》")
    ]
    behalf = Item(1, "report", "报告", MAYOR, "代表区政府作报告。")
    assert _own_segments(behalf, m, None, heard=False) == [(SENTENCE, "区长王某代表区政府作报告")]
    assert _own_segments(Item(4, "ceremony", "奏国歌"), m, None, False) == [(FREE, "奏国歌")]
    oath = Oath(5, ("张某", "李某"))
    assert _own_segments(Item(5, "ceremony", "宪法宣誓仪式"), m, oath, False) == [
        (CLAUSE, "举行了宪法宣誓仪式"),
        (SENTENCE, "张某、李某集体进行了宪法宣誓"),
    ]
    deliberation = Item(6, "deliberation", "审议政府工作报告")
    assert _own_segments(deliberation, m, None, False) == [(CLAUSE, "审议了政府工作报告")]
    assert _own_segments(deliberation, meeting(kind="group"), None, False) == []
    assert _own_segments(Item(7, "other", "其他"), m, None, False) == []


def test_what_belongs_to_no_item_comes_after_the_agenda():
    votes = {None: [Vote(None, "决议", True)]}
    elections = {9: [Election(9, "区长", 1, ("王某",))]}
    assert _after_agenda(votes, elections, Oath(None, ("王某",))) == [
        (CLAUSE, "表决通过了决议"),
        (CLAUSE, "选举王某为区长"),
        (CLAUSE, "举行了宪法宣誓仪式"),
        (SENTENCE, "王某进行了宪法宣誓"),
    ]
    assert _after_agenda({}, {}, Oath(2, ("王某",))) == []


def test_the_agenda_runs_heard_reports_together_and_places_votes_at_their_item():
    m = meeting(
        Item(1, "report", "政府工作报告", MAYOR),
        Item(2, "report", "法院工作报告", Person("李某", "院长")),
        Item(3, "report", "预算报告"),
        Item(4, "vote", "表决"),
        votes=(Vote(4, "决议", True), Vote(None, "另一决议", True)),
    )
    assert _item_segments(m) == [
        (CLAUSE, "听取了区长王某所作的政府工作报告和院长李某所作的法院工作报告"),
        (CLAUSE, "还以书面形式下发了《预算报告》"),
        (CLAUSE, "表决通过了决议"),
        (CLAUSE, "表决通过了另一决议"),
    ]
