"""The demo replays the seed page: every fact of the page (徐汇报, January 2024; docs/seed.md) is data.

The expected values are written out here from the README, not read from lianghui.demo.facts,
so a slip in the facts module fails a test instead of confirming itself.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lianghui.attendance.models import Capacity, CheckIn, Leave
from lianghui.attendance.queries import quorum_for
from lianghui.audit.log import verify_chain
from lianghui.audit.models import Event
from lianghui.demo import DEMO_PASSWORD, DemoAccounts, demo_loaded, load_demo
from lianghui.people.access import is_secretariat
from lianghui.people.models import Membership, Organisation, Person
from lianghui.people.names import pinyin_key, stroke_key
from lianghui.sessions.models import AgendaItem, Meeting, PresidingOfficer, Session
from tests.demo_copy import load_demo_once

pytestmark = pytest.mark.django_db

CONGRESS = "上海市徐汇区人民代表大会"
CPPCC = "中国人民政治协商会议上海市徐汇区委员会"
DELEGATIONS = [
    "天平",
    "湖南",
    "斜土",
    "枫林",
    "长桥",
    "田林",
    "虹梅",
    "康健",
    "徐家汇",
    "凌云",
    "龙华",
    "漕河泾",
    "华泾镇",
]
EXECUTIVE_CHAIRS = ["曹立强", "李新华", "沈权", "徐国文", "陈奇忠", "卢鉴", "朱伟红", "赵允"]
SPEAKERS = ["万小岚", "王育松", "雷煌", "程金华", "张桑"]
CLOSING = date(2024, 1, 12)


@pytest.fixture
def demo():
    # The votes are tested in test_demo_votes.py; replaying them costs seconds per load.
    return load_demo_once(votes=False)


def congress_session():
    return Session.objects.get(term__body__name=CONGRESS, term__number=17, number=5)


def cppcc_session():
    return Session.objects.get(term__body__name=CPPCC, term__number=15, number=4)


def meeting(session, title):
    return Meeting.objects.get(session=session, title=title)


def items_of(m):
    return [
        (i.kind, i.title, i.presenter.name if i.presenter else None, i.presenter_title)
        for i in AgendaItem.objects.filter(meeting=m).select_related("presenter")
    ]


def officers(m, role):
    return list(
        PresidingOfficer.objects.filter(meeting=m, role=role)
        .order_by("order")
        .values_list("person__name", flat=True)
    )


def local(m):
    t = timezone.localtime(m.starts_at)
    return t.date(), t.strftime("%H:%M"), m.synthetic_time


def delegates_on(day):
    body = Organisation.objects.get(name=CONGRESS)
    return set(Membership.objects.voting_in(body, day).values_list("person_id", flat=True))


# ------------------------------------------------------------------ body 1: the congress


def test_congress_body_term_and_session(demo):
    body = Organisation.objects.get(name=CONGRESS, parent=None)
    assert (body.kind, body.short_name, body.synthetic) == ("congress", "徐汇区人大", False)
    s = congress_session()
    assert s.title == "徐汇区第十七届人民代表大会第五次会议"
    assert (s.start_date, s.end_date) == (date(2024, 1, 10), date(2024, 1, 12))
    assert (s.end_date - s.start_date).days + 1 == 3  # 会期为三天


def test_congress_meetings_dates_and_kinds(demo):
    got = [
        (m.title, m.kind, *local(m))
        for m in Meeting.objects.filter(session=congress_session()).order_by("starts_at", "id")
    ]
    assert got == [
        ("预备会议", "preparatory", date(2024, 1, 10), "08:30", True),  # 上午
        ("第一次全体会议", "plenary", date(2024, 1, 10), "10:00", False),  # 上午10时
        ("徐家汇代表团分组审议", "group", date(2024, 1, 10), "14:00", True),
        ("天平代表团分组审议", "group", date(2024, 1, 10), "14:00", True),
        ("第二次全体会议", "plenary", date(2024, 1, 11), "14:00", True),  # 下午
        ("第三次全体会议", "plenary", date(2024, 1, 12), "14:00", True),  # 下午
    ]
    assert meeting(congress_session(), "第三次全体会议").venue == "上海市委党校大礼堂"


def test_preparatory_and_first_plenary(demo):
    s = congress_session()
    assert items_of(meeting(s, "预备会议")) == [
        ("election", "选举大会主席团和秘书长", None, ""),
        ("vote", "通过会议议程", None, ""),
    ]
    assert items_of(meeting(s, "第一次全体会议")) == [
        ("report", "政府工作报告", "钟晓咏", "区长"),
        ("vote", "通过大会补选和通过人选办法", None, ""),
    ]


def test_second_plenary_reports(demo):
    assert items_of(meeting(congress_session(), "第二次全体会议")) == [
        ("report", "区人大常委会工作报告", "李新华", "常委会主任"),
        ("report", "区人民法院工作报告", "麦珏", "代理院长"),
        ("report", "区人民检察院工作报告", "朱庆华", "检察长"),
    ]


def test_third_plenary_closing(demo):
    m = meeting(congress_session(), "第三次全体会议")
    assert items_of(m) == [
        ("election", "选举区人民法院院长", None, ""),
        ("election", "补选区人大常委会委员", None, ""),
        ("vote", "表决通过徐颖为城市建设环境保护委员会主任委员", None, ""),
        ("vote", "表决通过各项决议", None, ""),
        ("ceremony", "宪法宣誓仪式", None, ""),
        ("speech", "闭幕讲话", "曹立强", "区委书记"),
    ]
    notes = {i.title: i.notes for i in m.items.all()}
    assert "麦珏" in notes["选举区人民法院院长"]
    assert all(n in notes["补选区人大常委会委员"] for n in ("张岚", "张剑", "徐颖"))
    assert officers(m, "executive_chair") == EXECUTIVE_CHAIRS
    assert officers(m, "rostrum") == ["钟晓咏", "黄冲", "麦珏", "朱庆华"]


def test_elected_and_confirmed_posts(demo):
    def post(name, org, role):
        return Membership.objects.get(
            person__name=name, organisation__name=org, role=role, start=CLOSING
        )

    court = post("麦珏", "徐汇区人民法院", "official")
    assert court.title == "院长" and not court.synthetic
    assert Membership.objects.get(person__name="麦珏", title="代理院长").end == date(2024, 1, 11)
    standing = Organisation.objects.get(kind="standing", parent__name=CONGRESS)
    for name in ("张岚", "张剑", "徐颖"):
        assert post(name, standing.name, "member").title == "委员"
    chair = post("徐颖", "城市建设环境保护委员会", "committee_chair")
    assert chair.organisation.parent.name == CONGRESS and chair.title == "主任委员"
    head = Membership.objects.get(person__name="李新华", organisation=standing, role="head")
    assert head.title == "主任"


def test_office_holders_titles(demo):
    def titles(name):
        return set(Membership.objects.filter(person__name=name).values_list("title", flat=True))

    assert "区委书记" in titles("曹立强")
    assert {"区委副书记", "区长"} <= titles("钟晓咏")
    assert Membership.objects.get(person__name="钟晓咏", title="区长").organisation.kind == (
        "government"
    )
    assert "区委副书记" in titles("沈权")
    assert "主席" in titles("黄冲")
    assert "检察长" in titles("朱庆华")


def test_group_deliberations(demo):
    s = congress_session()
    xjh = meeting(s, "徐家汇代表团分组审议")
    assert xjh.group.name == "徐家汇代表团" and xjh.group.kind == "delegation"
    assert items_of(xjh) == [("deliberation", "审议政府工作报告", None, "")]
    assert officers(xjh, "attending") == ["曹立强"]
    notes = xjh.items.get().notes
    for word in (*SPEAKERS, "STEM", "科创策源", "大徐家汇", "文化软实力", "治理现代化"):
        assert word in notes
    tp = meeting(s, "天平代表团分组审议")
    assert tp.group.name == "天平代表团" and local(tp)[0] == date(2024, 1, 10)
    assert officers(tp, "attending") == ["钟晓咏"]
    for word in ("教育", "医疗卫生", "科技创新", "城市更新"):
        assert word in tp.items.get().notes


def test_speakers_are_xujiahui_delegates(demo):
    for name in SPEAKERS:
        person = Person.objects.get(name=name)
        assert not person.synthetic
        roles = {
            (m.organisation.name, m.role, m.synthetic)
            for m in person.memberships.select_related("organisation")
        }
        assert roles == {(CONGRESS, "delegate", False), ("徐家汇代表团", "group_member", False)}


def test_300_delegates_in_13_delegations(demo):
    delegates = delegates_on(CLOSING)
    assert len(delegates) == 300
    delegations = Organisation.objects.filter(kind="delegation", parent__name=CONGRESS)
    assert sorted(delegations.values_list("name", flat=True)) == sorted(
        f"{p}代表团" for p in DELEGATIONS
    )
    placed = Membership.objects.filter(organisation__in=delegations, role="group_member")
    assert placed.count() == 300
    assert set(placed.values_list("person_id", flat=True)) == delegates  # each in exactly one
    for d in delegations:
        size = placed.filter(organisation=d).count()
        assert 20 <= size <= 26, (d.name, size)
        assert Membership.objects.filter(organisation=d, role="convener").count() == 1
    named = {*EXECUTIVE_CHAIRS, *SPEAKERS, "张岚", "张剑", "徐颖"}
    assert (
        set(Person.objects.filter(pk__in=delegates, synthetic=False).values_list("name", flat=True))
        == named
    )
    # Only the page's two delegations are real organisations; the other eleven are invented.
    assert set(delegations.filter(synthetic=False).values_list("name", flat=True)) == {
        "徐家汇代表团",
        "天平代表团",
    }


def test_synthetic_people_are_marked_and_sortable(demo):
    fake = Person.objects.filter(synthetic=True)
    assert fake.count() >= 284 + 294
    assert fake.values("name").distinct().count() == fake.count()
    assert not Membership.objects.filter(person__synthetic=True, synthetic=False).exists()
    assert fake.filter(ethnicity="汉族").count() > 0.85 * fake.count()
    for p in [*fake[:20], Person.objects.get(name="曹立强")]:
        assert (p.pinyin, p.strokes) == (pinyin_key(p.name), stroke_key(p.name))


def test_quorum_reached_at_third_plenary(demo):
    m = meeting(congress_session(), "第三次全体会议")
    q = quorum_for(m)
    assert q.total == 300 and q.reached
    assert 0.9 * 300 <= q.present < 300 and q.on_leave > 0
    assert not m.checkin_open and m.self_checkin
    # 列席: the four named guests and all 300 CPPCC members, none counted towards the quorum.
    nonvoting = CheckIn.objects.filter(meeting=m, capacity=Capacity.NONVOTING)
    assert nonvoting.count() == q.nonvoting == 3 + 300  # 黄冲 is a CPPCC member himself
    assert {"钟晓咏", "黄冲", "麦珏", "朱庆华"} <= set(
        nonvoting.values_list("person__name", flat=True)
    )
    for title in ("预备会议", "第一次全体会议", "第二次全体会议"):
        assert quorum_for(meeting(congress_session(), title)).reached
    for title in ("徐家汇代表团分组审议", "天平代表团分组审议"):
        g = meeting(congress_session(), title)
        assert quorum_for(g).reached and not g.self_checkin
    xjh = meeting(congress_session(), "徐家汇代表团分组审议")
    present = set(CheckIn.objects.filter(meeting=xjh).values_list("person__name", flat=True))
    assert {*SPEAKERS, "曹立强"} <= present
    tp = meeting(congress_session(), "天平代表团分组审议")
    guest = CheckIn.objects.get(meeting=tp, person__name="钟晓咏")
    assert guest.capacity == Capacity.NONVOTING  # attended, not a member of the delegation


# ------------------------------------------------------------------ body 2: the CPPCC


def test_cppcc_body_and_session(demo):
    body = Organisation.objects.get(name=CPPCC, parent=None)
    assert (body.kind, body.short_name) == ("cppcc", "徐汇区政协")
    s = cppcc_session()
    assert s.title == "政协徐汇区第十五届委员会第四次会议"
    assert (s.start_date, s.end_date) == (date(2024, 1, 9), date(2024, 1, 12))
    got = [(m.title, m.kind, *local(m)) for m in Meeting.objects.filter(session=s)]
    assert got == [
        ("开幕大会", "plenary", date(2024, 1, 9), "14:30", False),
        ("闭幕大会", "plenary", date(2024, 1, 12), "09:00", True),  # 上午
    ]


def test_cppcc_opening(demo):
    m = meeting(cppcc_session(), "开幕大会")
    assert m.venue == "上海市委党校"
    assert officers(m, "presiding") == ["施斌"]
    assert items_of(m) == [
        ("ceremony", "全体起立唱国歌", None, ""),
        ("report", "常务委员会工作报告", "黄冲", "主席"),
        ("report", "提案工作情况报告", "俞晓红", "副主席"),
        ("report", "2023年反映社情民意信息工作情况报告", None, ""),
    ]
    items = list(m.items.all())
    assert "十五届二次会议以来" in items[2].notes
    assert "书面" in items[3].notes
    assert officers(m, "rostrum") == ["黄冲", "俞晓红", "施斌", "张黎明", "冯志刚", "陈华"]
    assert officers(m, "attending") == ["曹立强", "李新华", "胡敏", "沈权"]
    assert PresidingOfficer.objects.get(meeting=m, person__name="陈华").title == "秘书长"
    assert PresidingOfficer.objects.get(meeting=m, person__name="胡敏").title == "十四届区政协主席"


def test_cppcc_closing(demo):
    m = meeting(cppcc_session(), "闭幕大会")
    assert items_of(m) == [
        ("speech", "区委书记讲话", "曹立强", "区委书记"),
        ("speech", "区政协主席讲话", "黄冲", "主席"),
        ("vote", "通过区政协十五届四次会议决议", None, ""),
    ]


def test_300_cppcc_members_in_sectors(demo):
    body = Organisation.objects.get(name=CPPCC)
    members = set(Membership.objects.voting_in(body, CLOSING).values_list("person_id", flat=True))
    assert len(members) == 300
    sectors = Organisation.objects.filter(kind="sector", parent=body)
    assert sectors.count() == 19 and not sectors.filter(synthetic=False).exists()
    in_sector = Membership.objects.filter(organisation__in=sectors, role="group_member")
    assert in_sector.values("person_id").distinct().count() == 300 - 6  # leaders: no sector
    leaders = {"黄冲", "俞晓红", "施斌", "张黎明", "冯志刚", "陈华"}
    assert leaders <= set(Person.objects.filter(pk__in=members).values_list("name", flat=True))
    assert "胡敏" not in set(Person.objects.filter(pk__in=members).values_list("name", flat=True))
    assert quorum_for(meeting(cppcc_session(), "开幕大会")).reached


# ------------------------------------------------------------------ accounts, idempotency, audit


def test_accounts_log_in(demo, client):
    assert demo == DemoAccounts("mishu", "daibiao", "weiyuan")
    user_model = get_user_model()
    for username in (demo.secretariat, demo.delegate, demo.cppcc_member):
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
    mishu = user_model.objects.get(username=demo.secretariat)
    assert mishu.is_staff and is_secretariat(mishu) and mishu.person.synthetic
    daibiao = user_model.objects.get(username=demo.delegate)
    assert daibiao.person.name == "万小岚" and not is_secretariat(daibiao)
    weiyuan = user_model.objects.get(username=demo.cppcc_member)
    assert weiyuan.person.memberships.filter(organisation__name=CPPCC, role="member").exists()


def test_second_load_creates_nothing(demo):
    models = (Person, Membership, Organisation, Session, Meeting, AgendaItem, CheckIn, Leave, Event)
    before = {m: m.objects.count() for m in models}
    assert demo_loaded()
    assert load_demo() == demo
    assert load_demo(delegates=3000) == demo
    assert {m: m.objects.count() for m in models} == before


def test_audit_chain_verifies_and_summarises_check_ins(demo):
    assert verify_chain().ok
    events = Event.objects.filter(kind="attendance.demo_checked_in")
    assert events.count() == 8  # six congress meetings, two CPPCC meetings, all held
    for e in events:
        pk = int(e.subject.split(":")[1])
        assert e.data["count"] == CheckIn.objects.filter(meeting_id=pk).count()
        assert e.data["leaves"] == Leave.objects.filter(meeting_id=pk).count()
        assert e.data["synthetic"] is True
    assert Event.objects.filter(kind="demo.loaded").count() == 1


def test_loaded_during_the_session():
    load_demo_once(today=date(2024, 1, 11))
    s = congress_session()
    held = meeting(s, "第一次全体会议")
    now = meeting(s, "第二次全体会议")
    later = meeting(s, "第三次全体会议")
    assert CheckIn.objects.filter(meeting=held).exists() and not held.checkin_open
    assert now.checkin_open and not CheckIn.objects.filter(meeting=now).exists()
    assert not later.checkin_open and not CheckIn.objects.filter(meeting=later).exists()
    assert verify_chain().ok


def test_too_few_delegates_is_refused():
    with pytest.raises(ValueError):
        load_demo(delegates=10)
    assert not demo_loaded()


def test_3000_delegates_load():
    """How long it takes is measured by `python -m bench demo`, not here."""
    load_demo(delegates=3000, votes=False)  # 3,000 key presses per electronic vote: slow
    assert len(delegates_on(CLOSING)) == 3000
    assert quorum_for(meeting(congress_session(), "第三次全体会议")).reached
    assert verify_chain().ok
