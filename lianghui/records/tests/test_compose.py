"""The chronicle's wording, from facts to Chinese text: pure, no database."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from lianghui.records import compose
from lianghui.records.compose import (
    Deliberation,
    Election,
    Item,
    Meeting,
    Oath,
    Person,
    Session,
    Speech,
    Vote,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def flat(text: str) -> str:
    return "".join(text.split())


def session(*meetings: Meeting, kind: str = "congress", ended: bool = True) -> Session:
    return Session(
        body_kind=kind,
        body_name="测试区人民代表大会"
        if kind == "congress"
        else "中国人民政治协商会议测试区委员会",
        term=17,
        number=5,
        title="测试区第十七届人民代表大会第五次会议",
        short_title="区十七届人大五次会议",
        start_date=date(2024, 1, 10),
        end_date=date(2024, 1, 12),
        venue="会堂",
        meetings=meetings,
        ended=ended,
    )


def plenary(**fields) -> Meeting:
    return Meeting(
        kind="plenary",
        title=fields.pop("title", "第二次全体会议"),
        starts_at=fields.pop("starts_at", at(2024, 1, 11, 14, 0)),
        exact_time=fields.pop("exact_time", False),
        **fields,
    )


def test_full_name_with_chinese_numerals():
    assert compose.full_name("上海市徐汇区人民代表大会", 17, 5) == (
        "上海市徐汇区第十七届人民代表大会第五次会议"
    )
    assert compose.full_name("中国人民政治协商会议上海市徐汇区委员会", 15, 4) == (
        "中国人民政治协商会议上海市徐汇区第十五届委员会第四次会议"
    )
    assert compose.full_name("某某", 1, 1) == ""


def test_when_words():
    half_past = at(2024, 1, 9, 14, 30)
    assert compose.when_words(half_past, True) == "1 月 9 日下午 2 时 30 分"
    assert compose.when_words(at(2024, 1, 10, 10, 0), True) == "1 月 10 日上午 10 时"
    assert compose.when_words(at(2024, 1, 10, 8, 30), False) == "1 月 10 日上午"
    assert compose.when_words(at(2024, 1, 10, 12, 15), True) == "1 月 10 日中午 12 时 15 分"
    assert compose.when_words(at(2024, 1, 10, 19, 0), False) == "1 月 10 日晚上"
    assert compose.when_words(half_past, True, half=False) == "1 月 9 日"


def test_span_words():
    assert compose.span_words(date(2024, 1, 10), date(2024, 1, 12)) == "2024 年 1 月 10 日至 12 日"
    assert compose.span_words(date(2024, 1, 31), date(2024, 2, 2)) == (
        "2024 年 1 月 31 日至 2 月 2 日"
    )
    assert compose.span_words(date(2024, 1, 10), date(2024, 1, 10)) == "2024 年 1 月 10 日"


def test_titled_groups_people_of_one_title():
    people = [
        Person("黄冲", "主席"),
        *(Person(n, "副主席") for n in ("俞晓红", "施斌")),
        Person("陈华", "秘书长"),
    ]
    assert compose.titled(people) == "主席黄冲，副主席俞晓红、施斌，秘书长陈华"


def test_vote_clauses():
    assert compose.vote_clause(Vote(1, "表决通过大会补选和通过人选办法", True)) == (
        "表决通过了大会补选和通过人选办法"
    )
    assert compose.vote_clause(Vote(1, "通过会议议程", True, hands=True)) == "通过了会议议程"
    assert compose.vote_clause(Vote(1, "选举大会主席团和秘书长", True, hands=True)) == (
        "选举产生了大会主席团和秘书长"
    )
    assert compose.vote_clause(Vote(1, "表决通过徐颖为城市建设环境保护委员会主任委员", True)) == (
        "表决通过徐颖为城市建设环境保护委员会主任委员"
    )
    assert compose.vote_clause(Vote(1, "批准财政预算", True)) == "表决批准了财政预算"
    assert compose.vote_clause(Vote(1, "通过某项决议", False)) == "某项决议未获通过"


def test_election_clauses():
    assert compose.election_clause(Election(1, "区人民法院院长", 1, ("麦珏",))) == (
        "选举麦珏为区人民法院院长"
    )
    assert compose.election_clause(Election(1, "区人大常委会委员", 3, ("张岚", "张剑"))) == (
        "选举张岚、张剑为区人大常委会委员（应选 3 名，尚缺 1 名）"
    )
    assert compose.election_clause(Election(1, "副区长", 2, ())) == "选举副区长，无人当选"


def test_consecutive_reports_in_one_clause():
    m = plenary(
        items=(
            Item(1, "report", "区人大常委会工作报告", Person("李新华", "常委会主任")),
            Item(2, "report", "区人民法院工作报告", Person("麦珏", "代理院长")),
            Item(3, "report", "区人民检察院工作报告", Person("朱庆华", "检察长")),
        )
    )
    text = compose.meeting_paragraph(session(m), m)
    assert text == (
        "1 月 11 日下午，大会举行第二次全体会议，听取了常委会主任李新华所作的区人大常委会工作"
        "报告，代理院长麦珏所作的区人民法院工作报告和检察长朱庆华所作的区人民检察院工作报告。"
    )


def test_votes_and_elections_at_their_items_the_rest_after():
    m = plenary(
        items=(
            Item(1, "election", "选举区人民法院院长"),
            Item(2, "vote", "表决通过各项决议"),
        ),
        votes=(Vote(2, "表决通过各项决议", True), Vote(None, "表决通过某某办法", True)),
        elections=(Election(1, "区人民法院院长", 1, ("麦珏",)),),
    )
    text = compose.meeting_paragraph(session(m), m)
    assert text.endswith("选举麦珏为区人民法院院长，表决通过了各项决议，表决通过了某某办法。"), text


def test_an_unpublished_vote_is_not_told():
    m = plenary(items=(Item(1, "vote", "表决通过各项决议"),))
    assert "决议" not in compose.meeting_paragraph(session(m), m)


def test_opening_with_presiding_officer_rostrum_anthem_and_written_report():
    m = plenary(
        title="开幕大会",
        starts_at=at(2024, 1, 9, 14, 30),
        exact_time=True,
        opening=True,
        presiding=(Person("施斌", "副主席"),),
        rostrum=(Person("黄冲", "主席"),),
        attending=(Person("曹立强", "区委书记"),),
        items=(
            Item(1, "ceremony", "全体起立唱国歌"),
            Item(2, "report", "常务委员会工作报告", Person("黄冲", "主席")),
            Item(3, "report", "社情民意信息工作情况报告"),
        ),
    )
    text = compose.meeting_paragraph(session(m, kind="cppcc"), m)
    assert text == (
        "1 月 9 日下午 2 时 30 分，大会在会堂开幕。主席黄冲在主席台就座。区委书记曹立强应邀出席"
        "大会。副主席施斌主持会议并宣布大会开幕，全体起立唱国歌。大会听取了主席黄冲所作的常务委员会"
        "工作报告，还以书面形式下发了《社情民意信息工作情况报告》。"
    )


def test_report_on_someones_behalf_uses_its_notes():
    m = plenary(
        items=(
            Item(
                1,
                "report",
                "常务委员会工作报告",
                Person("黄冲", "主席"),
                notes="代表常务委员会向大会作报告。",
            ),
        )
    )
    assert "主席黄冲代表常务委员会向大会作报告。" in compose.meeting_paragraph(session(m), m)


def test_closing_with_chairs_oath_and_speech():
    m = plenary(
        title="第三次全体会议",
        starts_at=at(2024, 1, 12, 14, 0),
        venue="大礼堂",
        closing=True,
        chairs=(Person("甲", "书记"), Person("乙")),
        items=(
            Item(1, "ceremony", "宪法宣誓仪式"),
            Item(2, "speech", "闭幕讲话", Person("甲", "区委书记"), notes="一是甲；二是乙。"),
        ),
        oath=Oath(1, ("麦珏", "张岚"), True, "麦珏", leader_synthetic=False),
    )
    text = compose.meeting_paragraph(session(m), m)
    assert text == (
        "1 月 12 日下午，大会在大礼堂举行第三次全体会议。大会执行主席甲、乙在主席台前排就座。"
        "大会举行了宪法宣誓仪式。麦珏、张岚集体进行了宪法宣誓，麦珏领誓。区委书记甲在闭幕式上"
        "讲话，提出：一是甲；二是乙。大会在圆满完成预定的各项议程后，于 1 月 12 日下午在大礼堂"
        "胜利闭幕。"
    )


def test_a_guessed_oath_leader_is_a_note_not_text():
    m = plenary(
        items=(Item(1, "ceremony", "宪法宣誓仪式"),),
        oath=Oath(None, ("麦珏",), True, "麦珏", leader_synthetic=True),
    )
    chronicle = compose.compose(session(m))
    assert "领誓" not in chronicle.text
    assert "麦珏进行了宪法宣誓" in flat(chronicle.text)  # attached to the ceremony item
    assert any("领誓人（麦珏）" in n for n in chronicle.notes)


CAO = (Person("曹立强", "区委书记"),)


def group(*speeches: Speech, attending=CAO, **fields) -> Meeting:
    return Meeting(
        kind="group",
        title="东区代表团分组审议",
        starts_at=at(2024, 1, 10, 14, 0),
        exact_time=False,
        deliberation=Deliberation(
            group="东区代表团",
            item="审议政府工作报告",
            attending=attending,
            speeches=speeches,
            **fields,
        ),
    )


def test_deliberation_pairs_speakers_with_topics_when_recorded_so():
    m = group(Speech(Person("张三"), "教育"), Speech(Person("李四"), "医疗"))
    assert compose.deliberation_paragraph(session(m), m) == (
        "1 月 10 日，区委书记曹立强参加东区代表团分组审议，与代表们一起审议政府工作报告。"
        "代表张三围绕“教育”，李四围绕“医疗”分别作了发言。"
    )


def test_deliberation_lists_side_by_side_when_a_pairing_is_a_guess():
    m = group(
        Speech(Person("张三"), "教育", synthetic=True),
        Speech(Person("李四", synthetic=True), "医疗", synthetic=True),
        leader_speeches=(Speech(Person("曹立强"), "要求", "要抓好三件事。"),),
    )
    chronicle = compose.compose(session(m))
    paragraph = chronicle.days[0].paragraphs[0]
    assert paragraph.endswith(
        "张三、李四等代表围绕教育、医疗等作了发言。曹立强指出，要抓好三件事。"
    ), paragraph
    assert any("未作对应" in n for n in chronicle.notes)
    assert any("李四为演示数据" in n for n in chronicle.notes)


def test_deliberation_without_leader_or_record():
    m = group(attending=(), recorded=False, final=False)
    chronicle = compose.compose(session(m, kind="cppcc"))
    assert chronicle.days[0].paragraphs[0] == (
        "1 月 10 日，东区代表团举行分组讨论，审议政府工作报告。"
    )
    assert any("尚未建立" in n for n in chronicle.notes)


def test_compose_groups_by_day_and_writes_the_lead():
    first = plenary(title="第一次全体会议", starts_at=at(2024, 1, 10, 10, 0), opening=True)
    second = plenary()
    chronicle = compose.compose(session(first, second))
    assert chronicle.title == "区十七届人大五次会议纪实"
    assert chronicle.lead == (
        "本报讯　测试区第十七届人民代表大会第五次会议于 2024 年 1 月 10 日至 12 日在会堂举行，"
        "会期三天。"
    )
    assert [d.day for d in chronicle.days] == [date(2024, 1, 10), date(2024, 1, 11)]
    title, paragraphs = compose.split_text(chronicle.text)
    assert title == chronicle.title and paragraphs == chronicle.paragraphs
    ongoing = compose.compose(session(first, ended=False))
    assert "于 2024 年 1 月 10 日在会堂开幕" in ongoing.lead


def test_changes_shows_the_lines_that_differ():
    diff = compose.changes("标题\n\n甲。\n", "标题\n\n乙。\n")
    assert "-甲。" in diff and "+乙。" in diff
    assert compose.changes("同", "同") == []
