"""A year of invented filings: some replayed through the actions with the clock moved, the
rest written in bulk as the rows those actions leave.

The seed page says only that the CPPCC vice chair reported on proposal work and that a
written report on 社情民意信息 was handed out; it gives no filing. Everything here is
invented and marked: every filing has ``Filing.synthetic=True`` (derived filings inherit
it), the handling units, the parties' and people's organisations and the people invented
to act for them are ``synthetic=True``.

What is replayed, from the sessions of January 2024 to the end of the year:

- CPPCC proposals (提案) filed at the 4th session (9–12 January) and between sessions, by
  members (alone or jointly) and by participating parties, people's organisations and
  sectors; reviewed (registered, merged, turned into public-opinion information, handled as
  a letter, declined), some flagged as key proposals with an overseeing leader;
- delegates' suggestions (建议) filed at the congress's 5th session (10–12 January) and
  after it; a few joint motions (议案): the presidium sends one to a special committee for
  study after the session and handles one as a suggestion;
- handling: assigned to invented district departments (区教育局, 区卫生健康委 …) as lead,
  co-handling or split units, three months to answer (six when difficult); co-handlers'
  opinions; replies mostly on time, a few late after an extension; the filer's rating
  within 15 working days, mostly 满意 or 基本满意; an unsatisfied filer gets a second
  answer within a month; unrated replies closed by the secretariat when rating time is out;
- 社情民意信息 through the year: submitted, edited, adopted or not, forwarded to district
  leaders and departments, with leaders' instructions and units' feedback.

Two ways, the same draws and the same deadline rules:

- Through the actions (ACTED: about 40 filings, a few seconds). Each step is the real
  action (lianghui.proposals.actions) taken by the person it belongs to — the filer, the
  unit's clerk, the secretariat — at a moment drawn for it, with the clock moved there
  (lianghui.demo.clock), so numbers, deadlines, on-time flags and audit events are what a real
  year leaves. Steps fall in time order across all filings. Scripts make sure every path is
  taken at least once (split handling, a late reply after an extension, 不满意 and a second
  answer, a reply never rated, merge, decline, letter, turned into 社情民意信息, key
  proposals, the motions' decisions).
- In bulk (the other ~440): the rows those actions would leave, dated by the same rules
  (rules.reply_due, rating_due …), written with bulk_create; an action costs about 0.1 s
  per filing, several hundred would take most of a minute. They have no history of their
  own: one audit event per body and kind (``proposals.demo_filings``) records them, as the
  loader does for check-ins.

Either way, nothing dated on or after ``today`` happens (the filings stop where they would
be now), and the words for search are indexed at the end.

People who act here and have no account get an inactive one with an unusable password
(``demo-filer-<person id>``, ``demo-unit-<n>``), as lianghui.demo.votes does for voters:
the loader acts as them, nobody can sign in as them. One clerk of 区教育局 gets a real demo
account, ``chengban`` (the demo password, its hash copied from the secretariat account), so
a handling unit's pages can be tried.
"""

import heapq
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max

from lianghui.audit.log import record
from lianghui.demo import facts
from lianghui.demo.clock import replay
from lianghui.people.models import Membership, Organisation, OrgKind, Person, Role
from lianghui.people.names import pinyin_key, stroke_key
from lianghui.proposals import actions, rules
from lianghui.proposals.actions import FilingDraft, Recipient, UnitOrder
from lianghui.proposals.models import (
    Assignment,
    CoHandlerOpinion,
    Decision,
    DecisionKind,
    Feedback,
    Filer,
    Filing,
    Forward,
    Kind,
    ProposalSettings,
    Rating,
    Reply,
)
from lianghui.sessions.models import Session

SEED = 20240110 + 5  # the loader's SEED + 5: votes + 2, elections + 3, deliberations + 4
BATCH = 2000
UNIT_ACCOUNT = "chengban"
FILER_USERNAME = "demo-filer-{}"
UNIT_USERNAME = "demo-unit-{}"

UNITS = (
    "区教育局",
    "区卫生健康委",
    "区住房城乡建设管理委",
    "区交通委",
    "区科委",
    "区文化旅游局",
    "区民政局",
    "区生态环境局",
    "区市场监管局",
    "区人力资源社会保障局",
)

# Organisations that file in their own name: (name, people.OrgKind).
PARTIES = (
    "民革徐汇区委",
    "民盟徐汇区委",
    "民建徐汇区委",
    "民进徐汇区委",
    "农工党徐汇区委",
    "致公党徐汇区委",
    "九三学社徐汇区委",
)
PEOPLES_ORGS = ("区工商联", "区总工会", "团区委", "区妇联")
SECTOR_FILERS = ("科技界", "教育界", "医卫界")

LEADERS = ("曹立强", "钟晓咏", "李新华", "黄冲")  # named on the page: overseers, recipients


@dataclass(frozen=True)
class Subject:
    name: str
    units: tuple[int, ...]  # indices into UNITS, the first usually leads
    topics: tuple[str, ...]


SUBJECTS = (
    Subject(
        "教育",
        (0, 9, 6),
        (
            "中小学课后服务",
            "学前教育资源配置",
            "校园周边交通安全",
            "职业教育产教融合",
            "青少年心理健康教育",
            "社区老年教育",
            "学校体育场地向社会开放",
            "STEM教育与科普资源共享",
        ),
    ),
    Subject(
        "医疗卫生",
        (1, 6, 8),
        (
            "社区卫生服务中心家庭医生签约",
            "区域医疗中心建设",
            "老年人就医便利",
            "儿童专科门诊资源",
            "公共卫生应急能力",
            "中医药特色服务",
            "互联网医院与线上复诊",
        ),
    ),
    Subject(
        "城市建设管理",
        (2, 7, 3),
        (
            "老旧小区加装电梯",
            "旧住房成套改造",
            "城市更新中的历史风貌保护",
            "架空线入地和合杆整治",
            "小区停车难",
            "非机动车停放管理",
            "雨污混接改造",
        ),
    ),
    Subject(
        "交通",
        (3, 2),
        (
            "社区巴士线路",
            "轨道交通站点接驳",
            "慢行交通系统",
            "学校周边上下学接送秩序",
            "新能源汽车充电设施",
            "共享单车规范投放",
        ),
    ),
    Subject(
        "科技创新",
        (4, 9, 8),
        (
            "科创策源功能",
            "人工智能产业集聚",
            "科技型中小企业融资",
            "新型研发机构培育",
            "科技成果转化",
            "人才公寓供给",
        ),
    ),
    Subject(
        "文化旅游",
        (5, 0),
        (
            "大徐家汇功能区文旅融合",
            "历史建筑开放利用",
            "社区公共文化服务",
            "夜间经济",
            "红色文化资源保护",
            "全民健身设施",
        ),
    ),
    Subject(
        "民生保障",
        (6, 9, 1),
        (
            "养老服务综合体",
            "社区助餐点",
            "困难群众救助",
            "残疾人就业帮扶",
            "托育服务",
            "高校毕业生就业",
            "灵活就业人员权益保障",
        ),
    ),
    Subject(
        "生态环境",
        (7, 2),
        (
            "垃圾分类",
            "河道水质提升",
            "口袋公园建设",
            "餐饮油烟治理",
            "噪声扰民治理",
            "绿色低碳生活",
        ),
    ),
    Subject(
        "营商环境",
        (8, 4, 9),
        (
            "一网通办",
            "小微企业帮扶",
            "食品安全监管",
            "消费者权益保护",
            "楼宇经济",
            "老字号品牌保护",
        ),
    ),
)

TITLE_FORMS = (
    "关于加强{}的{}",
    "关于进一步完善{}的{}",
    "关于优化{}的{}",
    "关于推进{}的{}",
    "关于做好{}工作的{}",
    "关于破解{}难题的{}",
)
PROBLEMS = (
    "供需不够匹配、群众获得感不强",
    "部门之间协同不足、政策落地不够到位",
    "资源分布不均衡、服务半径过大",
    "标准不统一、管理存在盲区",
    "资金保障不足、长效机制尚未建立",
)
REMEDIES = (
    "由主管部门牵头制定工作方案，明确责任分工和时间节点",
    "加大财政投入，引入社会力量参与，形成多元投入机制",
    "建立跨部门联席会议制度，定期会商解决难点问题",
    "在街道开展试点，总结经验后在全区推广",
    "运用数字化手段，完善监测评估和群众反馈渠道",
)
REPLIES = {
    "solved": "经研究，您提出的意见已予采纳，相关工作已经落实。",
    "planned": "您的建议很有针对性，我单位已将其列入年度工作计划，将分步推进。",
    "explained": "感谢您的关心。受现有条件限制，该事项暂难实施，已作为今后工作的参考。",
}
DECLINE_REASONS = (
    "所提事项不属于本级职权范围，已告知提出人向有关方面反映。",
    "内容涉及个案诉求，不宜作为提案立案，建议通过信访渠道反映。",
)
BULLETIN = "《徐汇社情民意》{}年第{}期"


@dataclass(frozen=True)
class Scale:
    proposals: int = 200
    suggestions: int = 150
    motions: int = 3
    opinions: int = 120

    def times(self, factor: float) -> "Scale":
        return Scale(*(round(n * factor) for n in self.counts))

    @property
    def counts(self) -> tuple[int, int, int, int]:
        return (self.proposals, self.suggestions, self.motions, self.opinions)

    def less(self, other: "Scale") -> "Scale":
        return Scale(*(max(0, a - b) for a, b in zip(self.counts, other.counts, strict=True)))

    def at_most(self, other: "Scale") -> "Scale":
        return Scale(*(min(a, b) for a, b in zip(self.counts, other.counts, strict=True)))


# Through the actions, one by one (about 0.1 s each): enough to take every path. The rest
# are written in bulk (see _Bulk).
ACTED = Scale(proposals=16, suggestions=10, motions=3, opinions=8)


@dataclass
class _Org:
    org: Organisation
    filer_type: str
    liaison: object = None  # the user who acts for it


@dataclass
class _Cast:
    congress: Organisation
    cppcc: Organisation
    congress_session: Session | None
    cppcc_session: Session | None
    committee: Organisation | None
    delegates: dict[int, list[int]] = field(default_factory=dict)  # delegation id -> people
    members: dict[int, list[int]] = field(default_factory=dict)  # sector id -> people
    units: list[Organisation] = field(default_factory=list)
    clerks: dict[int, object] = field(default_factory=dict)  # unit id -> user
    orgs: list[_Org] = field(default_factory=list)
    leaders: list[Person] = field(default_factory=list)
    users: dict[int, object] = field(default_factory=dict)  # person id -> user


SHANGHAI = facts.SHANGHAI


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def replay_proposals(*, today: date, actor, seed: int = SEED, scale: float = 1.0) -> dict:
    """Replay a year of invented filings; return how many of each kind were filed.

    ``today``: steps on or after this day are not taken. ``actor``: the secretariat's user
    (``chengban`` copies its password hash). ``scale``: 1.0 files about 200 proposals, 150
    suggestions, 3 motions and 120 opinion reports (about 40 of them through the actions,
    the rest in bulk); 0 skips the replay. Calling it again once the filings are there
    changes nothing.
    """
    if scale <= 0 or Filing.objects.filter(synthetic=True).exists():
        return {}
    cast = _cast(actor)
    if cast is None:
        return {}
    total = Scale().times(scale)
    acted = total.at_most(ACTED)
    filed = _Replay(cast, today, actor, random.Random(seed), acted).run()
    for kind, n in (
        _Bulk(cast, today, actor, random.Random(seed + 1), total.less(acted)).run().items()
    ):
        filed[kind] = filed.get(kind, 0) + n
    for kind, n in _InHand(cast, today, actor, random.Random(seed + 2), acted).run().items():
        filed[kind] = filed.get(kind, 0) + n
    from lianghui.proposals import search

    search.index_missing()  # the bulk-written filings, so the first search is quick
    return filed


# --- the cast ------------------------------------------------------------------------


def _filers(cast: _Cast) -> None:
    """Filers: invented delegates and members, by delegation and sector."""
    for pid, org_id, kind in Membership.objects.filter(
        role=Role.GROUP_MEMBER,
        organisation__kind__in=[OrgKind.DELEGATION, OrgKind.SECTOR],
        person__synthetic=True,
    ).values_list("person_id", "organisation_id", "organisation__kind"):
        target = cast.delegates if kind == OrgKind.DELEGATION else cast.members
        target.setdefault(org_id, []).append(pid)
    for people in (*cast.delegates.values(), *cast.members.values()):
        people.sort()


def _cast(actor) -> _Cast | None:
    congress = Organisation.objects.filter(kind=OrgKind.CONGRESS, name=facts.CONGRESS_NAME).first()
    cppcc = Organisation.objects.filter(kind=OrgKind.CPPCC, name=facts.CPPCC_NAME).first()
    if congress is None or cppcc is None:
        return None
    sessions = {s.term.body_id: s for s in Session.objects.select_related("term")}
    cast = _Cast(
        congress=congress,
        cppcc=cppcc,
        congress_session=sessions.get(congress.pk),
        cppcc_session=sessions.get(cppcc.pk),
        committee=Organisation.objects.filter(
            kind=OrgKind.SPECIAL_COMMITTEE, parent=congress
        ).first(),
    )
    _filers(cast)
    cast.leaders = list(Person.objects.filter(name__in=LEADERS, synthetic=False))
    names = _Names(seed=SEED + 1)
    password = make_password(None)
    clerk_people = []
    for i, name in enumerate(UNITS):
        unit = Organisation.objects.create(
            kind=OrgKind.HANDLING_UNIT, name=name, order=100 + i, synthetic=True
        )
        cast.units.append(unit)
        clerk_people.append((unit, names.person(f"{name} 建议提案办理联络员")))
    orgs = [(n, OrgKind.PARTY_GROUP, rules.FilerType.PARTY) for n in PARTIES]
    orgs += [(n, OrgKind.OTHER, rules.FilerType.PEOPLES_ORG) for n in PEOPLES_ORGS]
    liaisons = []
    for i, (name, kind, filer_type) in enumerate(orgs):
        org = Organisation.objects.create(kind=kind, name=name, order=200 + i, synthetic=True)
        cast.orgs.append(_Org(org, filer_type))
        liaisons.append((org, names.person(f"{name} 联络员")))
    for sector in Organisation.objects.filter(
        kind=OrgKind.SECTOR, parent=cppcc, name__in=SECTOR_FILERS
    ):
        cast.orgs.append(_Org(sector, rules.FilerType.SECTOR))
        liaisons.append((sector, names.person(f"{sector.name}界别联络员")))
    people = Person.objects.bulk_create([p for _, p in clerk_people + liaisons])
    Membership.objects.bulk_create(
        Membership(person=p, organisation=org, role=Role.STAFF, synthetic=True)
        for (org, _), p in zip(clerk_people + liaisons, people, strict=True)
    )
    user_model = get_user_model()
    users = []
    for i in range(len(clerk_people)):
        demo = i == 0 and not user_model.objects.filter(username=UNIT_ACCOUNT).exists()
        users.append(
            user_model(
                username=UNIT_ACCOUNT if demo else UNIT_USERNAME.format(i + 1),
                password=actor.password if demo else password,
                is_active=demo,
            )
        )
    users += [
        user_model(username=FILER_USERNAME.format(p.pk), password=password, is_active=False)
        for _, p in liaisons
    ]
    users = user_model.objects.bulk_create(users)
    for (_, person), user in zip(clerk_people + liaisons, users, strict=True):
        person.user = user
    Person.objects.bulk_update([p for _, p in clerk_people + liaisons], ["user"])
    for (unit, _person), user in zip(clerk_people, users[: len(clerk_people)], strict=True):
        cast.clerks[unit.pk] = user
    by_org = {
        org.pk: user for (org, _), user in zip(liaisons, users[len(clerk_people) :], strict=True)
    }
    for o in cast.orgs:
        o.liaison = by_org[o.org.pk]
    for body in (congress, cppcc):
        ProposalSettings.objects.get_or_create(body=body)
    return cast


class _Names:
    """Invented people for the units and organisations, with names nobody has yet."""

    def __init__(self, seed: int):
        from lianghui.demo.synthetic import PeopleFactory

        self.factory = PeopleFactory(seed, taken=Person.objects.values_list("name", flat=True))

    def person(self, work: str) -> Person:
        fake = self.factory.person(female_share=0.6)
        return Person(
            name=fake.name,
            pinyin=pinyin_key(fake.name),
            strokes=stroke_key(fake.name),
            gender=fake.gender,
            ethnicity=fake.ethnicity,
            birth_date=fake.birth_date,
            work=work,
            synthetic=True,
        )


# --- what is drawn for every filing ------------------------------------------------------


@dataclass
class _Draft:
    """A filing to be made: by whom, when, on what."""

    kind: str
    when: datetime
    at_session: bool
    subject: Subject
    title: str
    text: str
    org: _Org | None = None
    lead: int | None = None
    group: int | None = None
    cosigners: tuple[int, ...] = ()


class _Draw:
    """Who files what and when, and the moments of the steps that follow."""

    def __init__(self, cast: _Cast, today: date, actor, rng: random.Random):
        self.cast, self.today, self.actor, self.rng = cast, today, actor, rng
        self.texts = itertools.count(1)
        self.featured: dict[str, tuple[int, int]] = {}  # kind -> (person, group)
        self.featured_left: dict[str, int] = {}

    def workday(self, day: date, hour_from: int = 9, hour_to: int = 17) -> datetime:
        while not rules.is_working_day(day):
            day += timedelta(days=1)
        minute = self.rng.randrange((hour_to - hour_from) * 60)
        return _at(day, hour_from + minute // 60, minute % 60)

    def after(self, start: date, low: int, high: int) -> datetime:
        """A working moment `low` to `high` days after `start`."""
        return self.workday(start + timedelta(days=self.rng.randint(low, max(low, high))))

    def body_of(self, kind: str) -> Organisation:
        return self.cast.congress if kind in (Kind.SUGGESTION, Kind.MOTION) else self.cast.cppcc

    def session_of(self, kind: str) -> Session | None:
        congress = kind in (Kind.SUGGESTION, Kind.MOTION)
        return self.cast.congress_session if congress else self.cast.cppcc_session

    def drafts(self, counts: Scale) -> list[_Draft]:
        rng, cast = self.rng, self.cast
        out = []
        if cast.cppcc_session and cast.members:
            start = cast.cppcc_session.start_date
            for _ in range(counts.proposals):
                at_session = rng.random() < 0.8
                out.append(self.draft(Kind.PROPOSAL, start, at_session))
            for _ in range(counts.opinions):
                out.append(self.draft(Kind.OPINION, date(2024, 1, 15), False, spread=320))
        if cast.congress_session and cast.delegates:
            start = cast.congress_session.start_date
            for _ in range(counts.suggestions):
                at_session = rng.random() < 0.9
                out.append(self.draft(Kind.SUGGESTION, start, at_session))
        return out

    def draft(self, kind: str, start: date, at_session: bool, spread: int = 0) -> _Draft:
        rng, cast = self.rng, self.cast
        if at_session:
            day = start + timedelta(days=rng.randint(0, 2))
            when = _at(day, rng.randint(8, 16), rng.randrange(60))
        else:
            day = (start if spread else date(2024, 2, 1)) + timedelta(
                days=rng.randint(0, spread or 240)
            )
            when = self.workday(day)
        subject = rng.choice(SUBJECTS)
        title, topic = self.title(subject, kind)
        d = _Draft(kind, when, at_session, subject, title, self.text(topic))
        congress = kind == Kind.SUGGESTION
        if not congress and cast.orgs and rng.random() < (0.15 if kind == Kind.PROPOSAL else 0.12):
            d.org = rng.choice(cast.orgs)
            return d
        d.lead, d.group, people = self.member(kind, cast.delegates if congress else cast.members)
        if rng.random() < (0.4 if congress else 0.3):
            others = [p for p in people if p != d.lead]
            d.cosigners = tuple(rng.sample(others, min(len(others), rng.randint(1, 4))))
        return d

    def member(self, kind: str, groups: dict[int, list[int]]) -> tuple[int, int, list[int]]:
        if self.featured_left.get(kind) and kind in self.featured:
            self.featured_left[kind] -= 1
            pid, group = self.featured[kind]
            return pid, group, groups.get(group, [])
        group = self.rng.choice(sorted(groups))
        return self.rng.choice(groups[group]), group, groups[group]

    def title(self, subject: Subject, kind: str) -> tuple[str, str]:
        topic = self.rng.choice(subject.topics)
        if kind == Kind.OPINION:
            form = self.rng.choice(("关于{}的情况反映", "关于{}存在问题的建议", "群众对{}的意见"))
            return form.format(topic), topic
        word = {"proposal": "提案", "suggestion": "建议", "motion": "议案"}[kind]
        return self.rng.choice(TITLE_FORMS).format(topic, word), topic

    def text(self, topic: str) -> str:
        return (
            f"{topic}是群众普遍关心的问题。调研发现，目前{self.rng.choice(PROBLEMS)}。"
            f"为此建议：{self.rng.choice(REMEDIES)}；同时加强宣传引导，"
            f"及时回应群众关切。（演示数据）"
        )

    def orders(self, subject: Subject, how: str) -> list[tuple[Organisation, str, str]]:
        """(unit, role, part): "lead", "co" (a lead and co-handlers) or "split"."""
        own = [self.cast.units[i] for i in subject.units]
        if how == "split" and len(own) >= 2:
            return [(own[0], "split", "牵头研究总体方案"), (own[1], "split", "落实配套保障措施")]
        if how == "co" and len(own) >= 2:
            co = self.rng.sample(own[1:], self.rng.randint(1, len(own) - 1))
            return [(own[0], "lead", ""), *((u, "co", "") for u in co)]
        return [(own[0], "lead", "")]

    def how(self) -> str:
        roll = self.rng.random()
        return "split" if roll < 0.04 else "co" if roll < 0.28 else "lead"

    def outcome(self, kind: str) -> str:
        """The review's outcome (a merge only where a registered one of the subject exists)."""
        roll = self.rng.random()
        if kind == Kind.PROPOSAL:
            table = ((0.05, "merge"), (0.10, "as_opinion"), (0.13, "as_letter"), (0.17, "decline"))
        else:
            table = ((0.04, "merge"), (0.07, "as_letter"), (0.09, "decline"))
        for limit, outcome in table:
            if roll < limit:
                return outcome
        return "register"

    def level(self, round_: int) -> str:
        weights = (72, 24, 4) if round_ == 1 else (40, 60, 0)
        return self.rng.choices(("satisfied", "basic", "unsatisfied"), weights)[0]

    def result(self) -> str:
        return self.rng.choices(("solved", "planned", "explained"), (45, 37, 18))[0]


# --- through the actions -----------------------------------------------------------------

# The paths every demo shows at least once (cycled over the acted proposals and
# suggestions): (review outcome, handling, late reply, rating of the first answer).
SCRIPTS = (
    ("register", "lead", False, "satisfied"),
    ("register", "co", False, "basic"),
    ("register", "lead", True, "satisfied"),
    ("register", "split", False, "satisfied"),
    ("register", "lead", False, "unsatisfied"),
    ("register", "co", False, None),  # never rated: the secretariat concludes it
    ("merge", "", False, None),
    ("decline", "", False, None),
    ("as_letter", "", False, None),
    ("as_opinion", "", False, None),
    ("register", "lead", False, "satisfied"),
    ("register", "lead", False, "basic"),
)


@dataclass
class _Plan:
    """One filing in the replay and what is still to happen to it."""

    kind: str
    subject: Subject
    filing: Filing | None = None
    lead_user: object = None
    script: tuple = ("register", "lead", False, "satisfied")
    rated: set = field(default_factory=set)  # reply ids with a rating scheduled


class _Replay(_Draw):
    """Every step through lianghui.proposals.actions, in time order, with the clock moved."""

    def __init__(self, cast: _Cast, today: date, actor, rng: random.Random, counts: Scale):
        super().__init__(cast, today, actor, rng)
        self.counts = counts
        self.queue: list = []
        self.order = itertools.count()
        self.now: datetime | None = None
        self.filed: dict[str, int] = {}
        self.registered: dict[tuple[str, str], list[int]] = {}  # (kind, subject) -> ids
        self.scripts = itertools.cycle(SCRIPTS)
        self.bulletin = itertools.count(1)

    # ---------------------------------------------------------------- clock
    def at(self, when: datetime, fn, *args) -> None:
        if self.now is not None and when <= self.now:  # never back in time
            when = self.now + timedelta(minutes=1)
        heapq.heappush(self.queue, (when, next(self.order), fn, args))

    def later(self, low: int, high: int, start: date | None = None) -> datetime:
        """A working moment `low` to `high` days after `start` (or today), never before now."""
        return self.after(max(start or self.now.date(), self.now.date()), low, high)

    def run(self) -> dict:
        self.featured_left = {Kind.PROPOSAL: 2, Kind.OPINION: 1, Kind.SUGGESTION: 2}
        self._featured()
        leads = []
        for d in self.drafts(self.counts):
            self.at(d.when, self.file, d)
            leads.append(d.lead)
        if self.cast.congress_session and self.cast.delegates:
            for i in range(self.counts.motions):
                leads.append(self._plan_motion(self.cast.congress_session.start_date, i))
        self.prefetch_users(p for p in leads if p)
        return self.play()

    def play(self) -> dict:
        """Take the queued steps in time order, each at its moment, none on or after today."""
        if not self.queue:
            return {}
        with replay(self.queue[0][0]) as move_to:
            while self.queue:
                when, _, fn, args = heapq.heappop(self.queue)
                if when.date() >= self.today:
                    continue
                move_to(when)
                self.now = when
                fn(*args)
        return {str(k): n for k, n in self.filed.items()}

    def _featured(self) -> None:
        """The demo's delegate and member accounts file a few of their own."""
        accounts = {"daibiao": Kind.SUGGESTION, "weiyuan": Kind.PROPOSAL}
        for username, pid, org_id in Membership.objects.filter(
            person__user__username__in=list(accounts),
            role=Role.GROUP_MEMBER,
            organisation__kind__in=[OrgKind.DELEGATION, OrgKind.SECTOR],
        ).values_list("person__user__username", "person_id", "organisation_id"):
            self.featured[accounts[username]] = (pid, org_id)
        if Kind.PROPOSAL in self.featured:
            self.featured[Kind.OPINION] = self.featured[Kind.PROPOSAL]

    # ---------------------------------------------------------------- people
    def user_of(self, person_id: int):
        if person_id not in self.cast.users:
            self.prefetch_users([person_id])
        return self.cast.users[person_id]

    def prefetch_users(self, person_ids) -> None:
        """The people's accounts; an inactive one for each who has none, made in bulk."""
        wanted = set(person_ids) - set(self.cast.users)
        people = list(Person.objects.filter(pk__in=wanted).select_related("user"))
        missing = [p for p in people if p.user is None]
        if missing:
            user_model = get_user_model()
            password = make_password(None)
            users = user_model.objects.bulk_create(
                [
                    user_model(
                        username=FILER_USERNAME.format(p.pk), password=password, is_active=False
                    )
                    for p in missing
                ],
                batch_size=BATCH,
            )
            for person, user in zip(missing, users, strict=True):
                person.user = user  # also caches user.person, which the actions read
            Person.objects.bulk_update(missing, ["user"], batch_size=BATCH)
        for p in people:
            self.cast.users[p.pk] = p.user

    # ---------------------------------------------------------------- filing
    def file(self, d: _Draft) -> None:
        plan = _Plan(d.kind, d.subject)
        if d.kind != Kind.OPINION:
            plan.script = next(self.scripts)
        filer_type = d.org.filer_type if d.org else None
        if filer_type is None:
            congress = d.kind == Kind.SUGGESTION
            filer_type = rules.FilerType.DELEGATES if congress else rules.FilerType.MEMBER
        session = self.session_of(d.kind)
        draft = FilingDraft(
            kind=d.kind,
            body_id=self.body_of(d.kind).pk,
            session_id=session.pk if d.at_session else None,
            title=d.title,
            filer_type=filer_type,
            organisation_id=d.org.org.pk if d.org else None,
            cosigner_ids=d.cosigners,
            text=d.text,
            subject=d.subject.name,
        )
        plan.lead_user = d.org.liaison if d.org else self.user_of(d.lead)
        self._file(plan, draft, d.cosigners)
        if d.kind == Kind.OPINION:
            self.at(self.later(2, 8), self.opinion_review, plan)
        else:
            self.at(self.later(5, 18), self.review, plan)

    def _file(self, plan: _Plan, draft: FilingDraft, cosigners) -> None:
        filing = actions.file(draft, plan.lead_user)
        Filing.objects.filter(pk=filing.pk).update(synthetic=True)
        for pid in cosigners:
            actions.confirm(filing, self.actor, person_id=pid)  # signed on paper
        plan.filing = actions.submit(filing, plan.lead_user)
        self.filed[plan.kind] = self.filed.get(plan.kind, 0) + 1

    def _plan_motion(self, start: date, i: int):
        cast, rng = self.cast, self.rng
        group = sorted(cast.delegates)[(i * 5) % len(cast.delegates)]
        people = cast.delegates[group]
        if len(people) < 10:
            return None
        lead, *cosigners = rng.sample(people, 10)
        plan = _Plan(Kind.MOTION, SUBJECTS[(2, 7, 6)[i % 3]])
        self.at(_at(start, 15, 10 + i), self.file_motion, plan, lead, cosigners, i)
        return lead

    def file_motion(self, plan: _Plan, lead: int, cosigners: list[int], i: int) -> None:
        cast = self.cast
        title, topic = self.title(plan.subject, Kind.MOTION)
        draft = FilingDraft(
            kind=Kind.MOTION,
            body_id=cast.congress.pk,
            session_id=cast.congress_session.pk,
            title=title,
            filer_type=rules.FilerType.DELEGATES,
            cosigner_ids=tuple(cosigners),
            grounds=f"{topic}涉及面广，现行规定较为原则，执行中存在标准不一的问题。（演示数据）",
            solution=f"建议由区人民政府制定{topic}管理办法，明确部门职责和保障措施。",
            subject=plan.subject.name,
        )
        plan.lead_user = self.user_of(lead)
        self._file(plan, draft, cosigners)
        self.at(_at(self.now.date() + timedelta(days=1), 12, 30 + i), self.decide_motion, plan, i)

    def decide_motion(self, plan: _Plan, i: int) -> None:
        if i % 2 == 0 and self.cast.committee is not None:
            actions.decide_motion(
                plan.filing,
                DecisionKind.STUDY,
                self.actor,
                reasons="议案所提事项需要深入调研，交专门委员会在闭会后审议。",
                committee_id=self.cast.committee.pk,
            )
            self.at(self.later(80, 95), self.study_report, plan)
            return
        actions.decide_motion(
            plan.filing,
            DecisionKind.AS_SUGGESTION,
            self.actor,
            reasons="议案所提事项属于政府职权范围内的具体工作，作为代表建议交有关部门办理。",
        )
        derived = Decision.objects.get(filing=plan.filing, kind=DecisionKind.AS_SUGGESTION).result
        self.filed[Kind.SUGGESTION] = self.filed.get(Kind.SUGGESTION, 0) + 1
        suggestion = _Plan(Kind.SUGGESTION, plan.subject, derived, plan.lead_user)
        self.at(self.later(5, 10), self.assign, suggestion)

    def study_report(self, plan: _Plan) -> None:
        actions.study_report(
            plan.filing,
            "专门委员会经调研认为，议案所提问题确实存在，建议区人民政府在年度立法和规范性文件"
            "计划中统筹考虑。",
            self.actor,
        )

    # ---------------------------------------------------------------- review
    def review(self, plan: _Plan) -> None:
        filing, outcome = plan.filing, plan.script[0]
        same = self.registered.get((plan.kind, plan.subject.name)) or [
            pk for (kind, _), ids in self.registered.items() if kind == plan.kind for pk in ids
        ]
        if outcome == "merge" and same:
            into = Filing.objects.get(pk=same[-1])
            if into.state in ("registered", "assigned", "replied", "rehandling"):
                reasons = "与已立案的同类件内容相近，并案办理。"
                actions.merge(filing, into, self.actor, reasons=reasons)
                return
        if outcome == "as_opinion" and plan.kind == Kind.PROPOSAL:
            reasons = "所提问题较为具体，转作社情民意信息报送。"
            actions.review(filing, "as_opinion", self.actor, reasons=reasons)
            derived = Decision.objects.get(filing=filing, kind=DecisionKind.AS_OPINION).result
            opinion = _Plan(Kind.OPINION, plan.subject, derived, plan.lead_user)
            self.at(self.later(2, 6), self.opinion_review, opinion)
            return
        if outcome == "as_letter":
            reasons = "所提事项属个人诉求，转来信处理。"
            actions.review(filing, "as_letter", self.actor, reasons=reasons)
            return
        if outcome == "decline":
            reasons = self.rng.choice(DECLINE_REASONS)
            actions.review(filing, "decline", self.actor, reasons=reasons)
            return
        actions.review(filing, "register", self.actor)
        self.registered.setdefault((plan.kind, plan.subject.name), []).append(filing.pk)
        if plan.script == SCRIPTS[0] and self.cast.leaders:
            leader = self.rng.choice(self.cast.leaders)
            actions.flag_key(plan.filing, self.actor, leader_id=leader.pk)
        self.at(self.later(5, 12), self.assign, plan)

    # ---------------------------------------------------------------- handling
    def assign(self, plan: _Plan) -> None:
        orders = [
            UnitOrder(u.pk, role, part)
            for u, role, part in self.orders(plan.subject, plan.script[1])
        ]
        difficult = self.rng.random() < 0.05
        for a in actions.assign(plan.filing, orders, self.actor, difficult=difficult):
            self.plan_answer(plan, a)

    def plan_answer(self, plan: _Plan, a: Assignment) -> None:
        start = a.started_on
        days = (a.due - start).days
        if a.role == "co":
            self.at(self.later(5, 15, start), self.co_opinion, a)  # before the lead answers
            return
        late = plan.script[2] and a.role == "lead" and a.round == 1
        if late and rules.add_months(a.due, 1) <= rules.latest_due(start):
            when = self.workday(a.due - timedelta(days=self.rng.randint(5, 12)))
            self.at(when, self.extend, plan, a)
            return
        self.at(self.later(min(20, days - 4), days - 2, start), self.reply, plan, a)

    def co_opinion(self, a: Assignment) -> None:
        if Filing.objects.filter(pk=a.filing_id, state__in=("assigned", "rehandling")).exists():
            text = "经研究，我单位同意主办单位的办理意见，并将在职责范围内配合落实。"
            actions.co_opinion(a, text, self.cast.clerks[a.unit_id])

    def extend(self, plan: _Plan, a: Assignment) -> None:
        reason = "涉及多个部门协调，需要更多时间研究。"
        actions.extend(a, rules.add_months(a.due, 1), reason, self.actor)
        self.at(self.workday(a.due + timedelta(days=self.rng.randint(3, 25))), self.reply, plan, a)

    def reply(self, plan: _Plan, a: Assignment) -> None:
        result = self.result()
        answer = actions.reply(a, REPLIES[result], result, self.cast.clerks[a.unit_id])
        if not Filing.objects.filter(pk=plan.filing.pk, state="replied").exists():
            return  # another unit still owes its part
        today = self.now.date()
        unrated = Reply.objects.filter(filing=plan.filing, rating__isnull=True)
        for r in unrated.exclude(pk__in=plan.rated).select_related("assignment"):
            plan.rated.add(r.pk)
            if r.round != r.assignment.round or plan.script[3] is None:
                continue
            day = rules.add_working_days(today, self.rng.randint(1, 10))
            if day <= rules.rating_due(r.replied_on):
                self.at(self.workday(day), self.rate, plan, r)
        closes = rules.rating_due(answer.replied_on)
        self.at(self.workday(closes + timedelta(days=1)), self.conclude, plan, answer)

    def rate(self, plan: _Plan, answer: Reply) -> None:
        a = Assignment.objects.get(pk=answer.assignment_id)
        if answer.round != a.round or not a.active:
            return
        level = plan.script[3] if answer.round == 1 else self.level(answer.round)
        comment = "答复未回应所提的核心问题，希望进一步研究落实。" if level == "unsatisfied" else ""
        actions.rate(answer, level, plan.lead_user, comment=comment)
        if level == "unsatisfied":
            a.refresh_from_db()
            self.at(self.later(8, (a.due - a.started_on).days - 3), self.reply, plan, a)

    def conclude(self, plan: _Plan, answer: Reply) -> None:
        """Close a filing left unrated, once the rating time of its last reply is out."""
        last = Reply.objects.filter(filing=plan.filing).order_by("-pk").values_list("pk", flat=True)
        if last.first() != answer.pk:
            return  # answered again since: that reply's own conclusion is scheduled
        if Filing.objects.filter(pk=plan.filing.pk, state="replied").exists():
            actions.conclude(plan.filing, self.actor)

    # ---------------------------------------------------------------- opinions
    def opinion_review(self, plan: _Plan) -> None:
        rng, filing = self.rng, plan.filing
        if rng.random() < 0.4:
            actions.edit(filing, self.actor, text=filing.text + "（经编辑）")
        if rng.random() < 0.3:
            note = "所反映问题已有相关部门在处理，暂不编报。"
            actions.adopt(filing, False, self.actor, note=note)
            return
        year = self.now.year
        actions.adopt(filing, True, self.actor, note=BULLETIN.format(year, next(self.bulletin)))
        if rng.random() < 0.85:
            self.at(self.later(4, 12), self.forward, plan)

    def forward(self, plan: _Plan) -> None:
        rng, cast = self.rng, self.cast
        recipients = []
        if cast.leaders and rng.random() < 0.6:
            recipients.append(Recipient(leader_id=rng.choice(cast.leaders).pk))
        recipients.append(Recipient(unit_id=cast.units[plan.subject.units[0]].pk))
        for f in actions.forward(plan.filing, recipients, self.actor):
            if f.leader_id and rng.random() < 0.6:
                self.at(self.later(3, 20), self.feedback, plan, f, "instruction")
            elif f.unit_id and rng.random() < 0.4:
                self.at(self.later(10, 40), self.feedback, plan, f, "feedback")
        if rng.random() < 0.75:
            self.at(self.later(45, 70), self.close_opinion, plan)

    def feedback(self, plan: _Plan, forward, kind: str) -> None:
        if kind == "instruction":
            leader = Person.objects.get(pk=forward.leader_id)
            actions.record_feedback(
                plan.filing,
                "instruction",
                leader.name,
                INSTRUCTION,
                self.actor,
                forward_id=forward.pk,
                leader_id=leader.pk,
            )
        else:
            actions.record_feedback(
                plan.filing,
                "feedback",
                forward.recipient,
                FEEDBACK,
                self.actor,
                forward_id=forward.pk,
            )

    def close_opinion(self, plan: _Plan) -> None:
        if Filing.objects.filter(pk=plan.filing.pk, state="forwarded").exists():
            actions.conclude(plan.filing, self.actor)


# --- work in hand on "today" ----------------------------------------------------------

IN_HAND_AFTER = 120  # days after the later session: the year's own filings are done by then
PUBLISHED = 6  # closed filings whose replies are published, for the public page


class _InHand(_Replay):
    """Work in hand on ``today``, through the actions, dated back from it, so that the demo's
    accounts have something to do whenever it is loaded:

    - the clerk ``chengban`` (区教育局): a reply overdue (the page offers the request for an
      extension), one due within days, one just assigned, and a co-handling opinion due soon;
    - the secretariat's desk: filings to review and to assign, and another unit's request
      for an extension of a reply already overdue;
    - the public page: the replies of a few closed filings published.

    Only when the year's own filings are long done (``IN_HAND_AFTER`` days after the later
    session); an earlier ``today`` stops the year itself mid-way, with work in hand already.
    All of it invented and marked, as the rest.
    """

    def run(self) -> dict:
        cast, today = self.cast, self.today
        sessions = [s for s in (cast.congress_session, cast.cppcc_session) if s is not None]
        if (
            len(sessions) < 2
            or not (cast.delegates and cast.members)
            or today - timedelta(days=IN_HAND_AFTER) < max(s.start_date for s in sessions)
        ):
            return {}
        units = {u.name: u for u in cast.units}
        education, health = units["区教育局"], units["区卫生健康委"]
        housing, welfare, jobs = (
            units["区住房城乡建设管理委"],
            units["区民政局"],
            units["区人力资源社会保障局"],
        )
        subject = {s.name: s for s in SUBJECTS}
        # (kind, subject, filed, registered, assigned, [(unit, role)]): days before today.
        stories = [
            (Kind.SUGGESTION, "教育", 112, 106, self.due_on(-9), [(education, "lead")]),
            (
                Kind.PROPOSAL,
                "教育",
                100,
                95,
                self.due_on(4),
                [(education, "lead"), (welfare, "co")],
            ),
            (Kind.PROPOSAL, "教育", 30, 25, 20, [(education, "lead"), (jobs, "co")]),
            (Kind.SUGGESTION, "医疗卫生", 40, 33, 27, [(health, "lead"), (education, "co")]),
            (Kind.SUGGESTION, "城市建设管理", 110, 104, self.due_on(-6), [(housing, "lead")]),
            (Kind.PROPOSAL, "民生保障", 12, 6, None, []),
            (Kind.SUGGESTION, "交通", 11, 7, None, []),
            (Kind.PROPOSAL, "科技创新", 4, None, None, []),
            (Kind.PROPOSAL, "文化旅游", 3, None, None, []),
            (Kind.SUGGESTION, "生态环境", 2, None, None, []),
        ]
        for kind, name, filed, registered, assigned, orders in stories:
            plan = _Plan(kind, subject[name])
            self.at(self.ago(filed), self.file_now, plan)
            if registered is not None:
                self.at(self.ago(registered), self.register, plan)
            if assigned is not None:
                self.at(self.ago(assigned), self.assign_now, plan, orders)
        self.at(self.ago(3), self.ask_for_time, housing)
        self.at(self.ago(1), self.publish_some)
        return self.play()

    def ago(self, days: int, hour: int = 10) -> datetime:
        """A working morning `days` before today (earlier if that day is not worked)."""
        day = self.today - timedelta(days=days)
        while not rules.is_working_day(day):
            day -= timedelta(days=1)
        return _at(day, hour, self.rng.randrange(50))

    def due_on(self, days: int) -> int:
        """How many days before today to assign so that the reply is due `days` from today
        (negative: overdue by that many days), give or take a weekend."""
        for back in range(80, 120):
            start = self.today - timedelta(days=back)
            if rules.reply_due(start, False) <= self.today + timedelta(days=days):
                return back
        return 100

    def file_now(self, plan: _Plan) -> None:
        day = self.now.date()
        body = self.body_of(plan.kind)
        groups = self.cast.delegates if plan.kind == Kind.SUGGESTION else self.cast.members
        voting = set(
            Membership.objects.voting_in(body, day)
            .filter(person_id__in=[p for people in groups.values() for p in people])
            .values_list("person_id", flat=True)
        )
        choices = sorted((g, p) for g, people in groups.items() for p in people if p in voting)
        if not choices:
            return
        group, lead = self.rng.choice(choices)
        title, topic = self.title(plan.subject, plan.kind)
        filer_type = (
            rules.FilerType.DELEGATES if plan.kind == Kind.SUGGESTION else rules.FilerType.MEMBER
        )
        draft = FilingDraft(
            kind=plan.kind,
            body_id=body.pk,
            title=title,
            filer_type=filer_type,
            text=self.text(topic),
            subject=plan.subject.name,
        )
        plan.lead_user = self.user_of(lead)
        self._file(plan, draft, ())

    def register(self, plan: _Plan) -> None:
        if plan.filing is not None:
            actions.review(plan.filing, "register", self.actor)

    def assign_now(self, plan: _Plan, orders) -> None:
        if plan.filing is None:
            return
        created = actions.assign(
            plan.filing, [UnitOrder(u.pk, role) for u, role in orders], self.actor
        )
        for a in created:
            if a.role == "co" and a.unit.name != "区教育局":
                self.at(self.later(8, 14, a.assigned_on), self.co_opinion, a)

    def ask_for_time(self, unit: Organisation) -> None:
        a = (
            Assignment.objects.filter(
                unit=unit, active=True, filing__synthetic=True, filing__state="assigned"
            )
            .order_by("due", "id")
            .first()
        )
        if a is not None and a.effective_due < self.now.date():
            actions.request_extension(
                a,
                "该建议涉及多个街道的老旧小区，需会同规划资源、房管等部门现场踏勘后提出方案，"
                "未能在期限内答复。",
                self.cast.clerks[unit.pk],
                wanted_due=min(
                    a.effective_due + timedelta(days=45), rules.latest_due(a.started_on)
                ),
            )

    def publish_some(self) -> None:
        """The replies of a few closed filings, the best rated, made public (DL 51)."""
        closed = (
            Filing.objects.filter(
                synthetic=True,
                public=False,
                kind__in=(Kind.PROPOSAL, Kind.SUGGESTION),
                state="closed",
                replies__rating__level="satisfied",
            )
            .distinct()
            .order_by("kind", "year", "number")
        )
        for kind in (Kind.PROPOSAL, Kind.SUGGESTION):
            for filing in list(closed.filter(kind=kind)[: PUBLISHED // 2]):
                actions.publish(filing, self.actor)


INSTRUCTION = "请有关部门认真研究，提出改进措施。"
FEEDBACK = "已收悉，将结合工作实际研究吸纳。"


# --- in bulk -----------------------------------------------------------------------------


class _Bulk(_Draw):
    """The other filings, written as the rows the actions would leave, without the actions.

    Same draws and the same rules for every date (rules.reply_due, rating_due …), so the
    statistics cannot tell them apart; what they lack is a history of their own: one audit
    event per body and kind records that they were written (``proposals.demo_filings``),
    as the loader does for check-ins.
    """

    def __init__(self, cast: _Cast, today: date, actor, rng: random.Random, counts: Scale):
        super().__init__(cast, today, actor, rng)
        self.counts = counts
        self.filings: list[Filing] = []
        self.derived: list[Filing] = []
        self.merges: list[tuple[Filing, Filing]] = []
        self.filers: list[Filer] = []
        self.people: dict[int, set[int]] = {}  # id(filing) -> signers
        self.leads: dict[int, int] = {}  # id(filing) -> lead person
        self.decisions: list[Decision] = []
        self.assignments: list[Assignment] = []
        self.co_opinions: list[CoHandlerOpinion] = []
        self.replies: list[Reply] = []
        self.ratings: list[Rating] = []
        self.forwards: list[Forward] = []
        self.feedback: list[Feedback] = []
        self.registered: dict[tuple[str, str], list[Filing]] = {}
        self.bulletin = itertools.count(101)

    def run(self) -> dict:
        drafts = [d for d in self.drafts(self.counts) if d.when.date() < self.today]
        drafts.sort(key=lambda d: d.when)
        for d in drafts:
            f = self.filing(d)
            if d.kind == Kind.OPINION:
                self.opinion(f, d.when)
            else:
                self.handled(f, d)
        self.write()
        counts: dict[str, int] = {}
        for f in self.filings + self.derived:
            counts[str(f.kind)] = counts.get(str(f.kind), 0) + 1
        return counts

    # ---------------------------------------------------------------- rows
    def filing(self, d: _Draft) -> Filing:
        session = self.session_of(d.kind) if d.at_session else None
        filer_type = d.org.filer_type if d.org else None
        if filer_type is None:
            congress = d.kind == Kind.SUGGESTION
            filer_type = rules.FilerType.DELEGATES if congress else rules.FilerType.MEMBER
        f = Filing(
            kind=d.kind,
            body=self.body_of(d.kind),
            session=session,
            year=session.start_date.year if session else d.when.year,
            title=d.title,
            text=d.text,
            subject=d.subject.name,
            filer_type=filer_type,
            organisation=d.org.org if d.org else None,
            group_id=d.group,
            state="submitted",
            created_at=d.when - timedelta(minutes=self.rng.randint(5, 90)),
            submitted_at=d.when,
            synthetic=True,
        )
        f.demo_subject = d.subject
        self.filings.append(f)
        signers = set()
        if d.lead:
            self.filers.append(
                Filer(
                    filing=f,
                    person_id=d.lead,
                    lead=True,
                    signature="confirmed",
                    confirmed_at=f.created_at,
                )
            )
            signers.add(d.lead)
            self.leads[id(f)] = d.lead
        for i, pid in enumerate(d.cosigners, start=1):
            self.filers.append(
                Filer(
                    filing=f,
                    person_id=pid,
                    order=i,
                    signature="confirmed",
                    confirmed_at=d.when,
                    on_paper=True,
                )
            )
            signers.add(pid)
        self.people[id(f)] = signers
        return f

    def decide(self, f: Filing, kind: str, when: datetime, reasons: str = "", result=None):
        self.decisions.append(
            Decision(
                filing=f,
                kind=kind,
                reasons=reasons,
                result=result,
                decided_at=when,
                recorded_by=self.actor,
            )
        )

    def close(self, f: Filing, state: str, when: datetime) -> None:
        f.state, f.closed_at = state, when

    # ---------------------------------------------------------------- suggestions, proposals
    def handled(self, f: Filing, d: _Draft) -> None:
        review = self.after(d.when.date(), 5, 18)
        if review.date() >= self.today:
            return
        outcome = self.outcome(f.kind)
        same = self.registered.get((f.kind, d.subject.name))
        if outcome == "merge" and same:
            into = self.rng.choice(same)
            self.merges.append((f, into))
            self.decide(f, DecisionKind.MERGE, review, "与已立案的同类件内容相近，并案办理。", into)
            self.close(f, "merged", review)
            return
        if outcome == "as_opinion":
            opinion = Filing(
                kind=Kind.OPINION,
                body=f.body,
                session=f.session,
                year=f.year,
                title=f.title,
                text=f.text,
                subject=f.subject,
                filer_type=f.filer_type,
                organisation=f.organisation,
                group_id=f.group_id,
                state="submitted",
                created_at=review,
                submitted_at=review,
                synthetic=True,
            )
            opinion.origin_of, opinion.demo_subject = f, d.subject
            self.leads[id(opinion)] = self.leads.get(id(f))
            self.derived.append(opinion)
            reasons = "所提问题较为具体，转作社情民意信息报送。"
            self.decide(f, DecisionKind.AS_OPINION, review, reasons, opinion)
            self.close(f, "as_opinion", review)
            self.opinion(opinion, review)
            return
        if outcome in ("as_letter", "decline"):
            reasons = (
                "所提事项属个人诉求，转来信处理。"
                if outcome == "as_letter"
                else self.rng.choice(DECLINE_REASONS)
            )
            kind = DecisionKind.AS_LETTER if outcome == "as_letter" else DecisionKind.DECLINE
            self.decide(f, kind, review, reasons)
            self.close(f, "as_letter" if outcome == "as_letter" else "declined", review)
            return
        self.decide(f, DecisionKind.REGISTER, review)
        f.state = "registered"
        self.registered.setdefault((f.kind, d.subject.name), []).append(f)
        if self.rng.random() < 0.05 and self.cast.leaders:
            f.key, f.key_leader = True, self.rng.choice(self.cast.leaders)
        self.handle(f, d.subject, self.after(review.date(), 5, 12))

    def handle(self, f: Filing, subject: Subject, assigned: datetime) -> None:
        if assigned.date() >= self.today:
            return
        f.state = "assigned"
        f.difficult = self.rng.random() < 0.05
        day = assigned.date()
        how = self.how()
        how = "co" if how == "split" else how  # split handling is shown by the replay
        lead = None
        for unit, role, part in self.orders(subject, how):
            due = rules.cohandler_due(day) if role == "co" else rules.reply_due(day, f.difficult)
            a = Assignment(
                filing=f,
                unit=unit,
                role=role,
                part=part,
                assigned_on=day,
                started_on=day,
                due=due,
                assigned_by=self.actor,
                assigned_at=assigned,
            )
            self.assignments.append(a)
            if role == "co":
                sent = self.after(day, 5, 15)
                if sent.date() < self.today:
                    self.co_opinions.append(
                        CoHandlerOpinion(
                            assignment=a,
                            text="经研究，我单位同意主办单位的办理意见，并将在职责范围内配合落实。",
                            due=due,
                            on_time=sent.date() <= due,
                            sent_at=sent,
                        )
                    )
            else:
                lead = a
        self.answer(f, lead)

    def answer(self, f: Filing, a: Assignment) -> None:
        """The lead unit's answer, the filer's rating, a second round if unsatisfied."""
        rng, start = self.rng, a.started_on
        days = (a.due - start).days
        extended = rules.add_months(a.due, 1)
        if a.round == 1 and extended <= rules.latest_due(start) and rng.random() < 0.06:
            asked = self.workday(a.due - timedelta(days=rng.randint(5, 12)))
            if asked.date() >= self.today:
                return
            a.extended_due, a.extension_reason = extended, "涉及多个部门协调，需要更多时间研究。"
            when = self.workday(a.due + timedelta(days=rng.randint(3, 25)))
        else:
            when = self.after(start, min(20, days - 4), days - 2)
        if when.date() >= self.today:
            return
        result = self.result()
        reply = Reply(
            filing=f,
            assignment=a,
            unit=a.unit,
            round=a.round,
            text=REPLIES[result],
            result=result,
            due=a.extended_due or a.due,
            on_time=rules.on_time(when.date(), a.due),
            replied_on=when.date(),
            replied_by=self.cast.clerks[a.unit_id],
            replied_at=when,
        )
        self.replies.append(reply)
        f.state = "replied"
        rated = self.workday(rules.add_working_days(when.date(), rng.randint(1, 10)))
        if rng.random() < 0.07 or rated.date() >= self.today:  # not rated (yet)
            closes = self.workday(rules.rating_due(when.date()) + timedelta(days=1))
            if closes.date() < self.today:
                self.close(f, "closed", closes)
            return
        level = self.level(a.round)
        lead_person = self.leads.get(id(f))
        self.ratings.append(
            Rating(
                reply=reply,
                level=level,
                comment="答复未回应所提的核心问题，希望进一步研究落实。"
                if level == "unsatisfied"
                else "",
                person_id=lead_person,
                rated_on=rated.date(),
                rated_at=rated,
            )
        )
        if level != "unsatisfied":
            self.close(f, "closed", rated)
            return
        f.state, f.round = "rehandling", f.round + 1
        a.round, a.started_on = a.round + 1, rated.date()
        a.due, a.extended_due, a.extension_reason = rules.rereply_due(rated.date()), None, ""
        self.answer(f, a)

    # ---------------------------------------------------------------- opinion reports
    def opinion(self, f: Filing, when: datetime) -> None:
        rng = self.rng
        review = self.after(when.date(), 2, 8)
        if review.date() >= self.today:
            return
        if rng.random() < 0.4:
            f.original_text, f.text = f.text, f.text + "（经编辑）"
        if rng.random() < 0.3:
            reasons = "所反映问题已有相关部门在处理，暂不编报。"
            self.decide(f, DecisionKind.NOT_ADOPT, review, reasons)
            f.adoption_note = reasons
            self.close(f, "not_adopted", review)
            return
        f.adoption_note = BULLETIN.format(review.year, next(self.bulletin))
        self.decide(f, DecisionKind.ADOPT, review, f.adoption_note)
        f.state = "adopted"
        sent = self.after(review.date(), 4, 12)
        if rng.random() < 0.15 or sent.date() >= self.today:
            return  # adopted in the bulletin, not sent on (yet)
        f.state = "forwarded"
        cast = self.cast
        unit = cast.units[f.demo_subject.units[0]]
        targets = [(None, unit, unit.name)]
        if cast.leaders and rng.random() < 0.6:
            leader = rng.choice(cast.leaders)
            targets.insert(0, (leader, None, leader.name))
        for leader, to_unit, name in targets:
            forward = Forward(
                filing=f,
                unit=to_unit,
                leader=leader,
                recipient=name,
                forwarded_on=sent.date(),
                forwarded_by=self.actor,
            )
            self.forwards.append(forward)
            if leader is not None and rng.random() < 0.6:
                got, kind, text = self.after(sent.date(), 3, 20), "instruction", INSTRUCTION
            elif to_unit is not None and rng.random() < 0.4:
                got, kind, text = self.after(sent.date(), 10, 40), "feedback", FEEDBACK
            else:
                continue
            if got.date() < self.today:
                self.feedback.append(
                    Feedback(
                        filing=f,
                        forward=forward,
                        kind=kind,
                        source=name,
                        leader=leader,
                        text=text,
                        received_on=got.date(),
                        recorded_by=self.actor,
                        recorded_at=got,
                    )
                )
        closed = self.after(sent.date(), 45, 70)
        if rng.random() < 0.75 and closed.date() < self.today:
            self.close(f, "closed", closed)

    # ---------------------------------------------------------------- writing
    def write(self) -> None:
        self.number(self.filings + self.derived)
        Filing.objects.bulk_create(self.filings, batch_size=BATCH)
        for opinion in self.derived:
            opinion.origin = opinion.origin_of
        Filing.objects.bulk_create(self.derived, batch_size=BATCH)
        for f, into in self.merges:
            f.merged_into = into
            for x in [x for x in self.filers if x.filing is f]:
                if x.person_id not in self.people[id(into)]:
                    self.people[id(into)].add(x.person_id)
                    self.filers.append(x.carried_to(into, order=100 + x.order, merged_from=f))
        Filing.objects.bulk_update([f for f, _ in self.merges], ["merged_into"])
        # Derived opinion reports are signed by the proposal's filers, as actions.derive does.
        for opinion in self.derived:
            for x in [x for x in self.filers if x.filing is opinion.origin_of]:
                self.filers.append(x.carried_to(opinion, lead=x.lead, order=x.order))
        for model, rows in (
            (Filer, self.filers),
            (Decision, self.decisions),
            (Assignment, self.assignments),
            (CoHandlerOpinion, self.co_opinions),
            (Reply, self.replies),
            (Rating, self.ratings),
            (Forward, self.forwards),
            (Feedback, self.feedback),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH)
        counts: dict[tuple[int, str], int] = {}
        for f in self.filings + self.derived:
            counts[f.body_id, f.kind] = counts.get((f.body_id, f.kind), 0) + 1
        bodies = {self.cast.congress.pk: self.cast.congress, self.cast.cppcc.pk: self.cast.cppcc}
        with transaction.atomic():
            for (body_id, kind), n in sorted(counts.items()):
                record(
                    "proposals.demo_filings",
                    bodies[body_id],
                    actor=self.actor,
                    data={"kind": kind, "filings": n, "synthetic": True},
                )

    def number(self, filings: list[Filing]) -> None:
        """Numbers in order of submission, after those the replay gave."""
        top = {
            (r["body_id"], r["kind"], r["session_id"], r["year"]): r["n"]
            for r in Filing.objects.filter(number__isnull=False)
            .values("body_id", "kind", "session_id", "year")
            .annotate(n=Max("number"))
        }
        for f in sorted(filings, key=lambda f: f.submitted_at):
            key = (f.body_id, f.kind, f.session_id, f.year)  # a session's filings share a year
            top[key] = f.number = top.get(key, 0) + 1
