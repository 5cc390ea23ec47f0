"""What the seed page states, as plain data (no Django imports).

Source: the front page of the district newspaper 徐汇报, January 2024 (docs/seed.md). Each fact here is on the
page, or follows from it by law (an executive chairperson is a presidium member, and the
presidium, the standing committee and special-committee chairs are elected from the
delegates: LOL 17, 47, 34). Guesses made only to fill the model are marked
``synthetic=True`` (a post) or ``synthetic_time=True`` (a meeting time).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Term starts are not on the page; plausible dates for a term first convened in late 2021.
CONGRESS_TERM = 17
CONGRESS_TERM_START = date(2021, 12, 22)
CPPCC_TERM = 15
CPPCC_TERM_START = date(2021, 12, 21)

CONGRESS_NAME = "上海市徐汇区人民代表大会"
CPPCC_NAME = "中国人民政治协商会议上海市徐汇区委员会"

# The 13 sub-districts and towns; the page names the 徐家汇 and 天平 delegations.
DELEGATION_PLACES = (
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
)
NAMED_DELEGATIONS = ("徐家汇", "天平")

SECTORS = (
    "中共",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "致公党",
    "九三学社",
    "无党派人士",
    "共青团",
    "工会",
    "妇联",
    "文化艺术界",
    "科技界",
    "教育界",
    "医卫界",
    "经济界",
    "社会福利和社会保障界",
    "特邀人士",
)


def delegation_key(place: str) -> str:
    return f"delegation:{place}"


def sector_key(name: str) -> str:
    return f"sector:{name}"


@dataclass(frozen=True)
class Org:
    key: str
    kind: str
    name: str
    short_name: str = ""
    parent: str | None = None
    synthetic: bool = False
    order: int = 0


ORGS: tuple[Org, ...] = (
    Org("congress", "congress", CONGRESS_NAME, "徐汇区人大", order=1),
    Org("cppcc", "cppcc", CPPCC_NAME, "徐汇区政协", order=2),
    Org("party", "party", "中共上海市徐汇区委员会", "徐汇区委", order=3),
    Org("government", "government", "徐汇区人民政府", "区政府", order=4),
    Org("court", "other", "徐汇区人民法院", "区法院", order=5),
    Org("procuratorate", "other", "徐汇区人民检察院", "区检察院", order=6),
    Org(
        "standing",
        "standing",
        "上海市徐汇区人民代表大会常务委员会",
        "徐汇区人大常委会",
        parent="congress",
    ),
    Org(
        "presidium",
        "presidium",
        "徐汇区第十七届人民代表大会第五次会议主席团",
        "大会主席团",
        parent="congress",
    ),
    Org(
        "urban_committee",
        "committee",
        "城市建设环境保护委员会",
        "城建环保委",
        parent="congress",
    ),
    Org("secretariat", "secretariat", "会务组", parent="congress", synthetic=True),
    *(
        Org(
            delegation_key(place),
            "delegation",
            f"{place}代表团",
            parent="congress",
            synthetic=place not in NAMED_DELEGATIONS,
            order=i + 1,
        )
        for i, place in enumerate(DELEGATION_PLACES)
    ),
    *(
        Org(sector_key(name), "sector", name, parent="cppcc", synthetic=True, order=i + 1)
        for i, name in enumerate(SECTORS)
    ),
)

# A marker for "from the start of the term" in posts below.
TERM_START = "term"


@dataclass(frozen=True)
class Post:
    org: str
    role: str
    title: str = ""
    start: date | str | None = TERM_START
    end: date | None = None
    synthetic: bool = False


@dataclass(frozen=True)
class NamedPerson:
    name: str
    work: str = ""
    gender: str = ""
    posts: tuple[Post, ...] = ()


SESSION_DAYS = (date(2024, 1, 10), date(2024, 1, 12))
PRESIDIUM_POST = Post("presidium", "group_member", start=SESSION_DAYS[0], end=SESSION_DAYS[1])
ELECTED_ON = date(2024, 1, 12)


def _delegate(place: str, *, guessed: bool) -> tuple[Post, Post]:
    """A congress delegate in a delegation; ``guessed`` when the page does not say which."""
    return (
        Post("congress", "delegate"),
        Post(delegation_key(place), "group_member", synthetic=guessed),
    )


EXECUTIVE_CHAIRS = ("曹立强", "李新华", "沈权", "徐国文", "陈奇忠", "卢鉴", "朱伟红", "赵允")
XUJIAHUI_SPEAKERS = ("万小岚", "王育松", "雷煌", "程金华", "张桑")
STANDING_ELECTED = ("张岚", "张剑", "徐颖")
CPPCC_VICE_CHAIRS = ("俞晓红", "施斌", "张黎明", "冯志刚")

# Delegations of the named delegates the page does not place: a deterministic guess.
_GUESSED_PLACE = {
    "曹立强": "徐家汇",
    "李新华": "湖南",
    "沈权": "斜土",
    "徐国文": "枫林",
    "陈奇忠": "长桥",
    "卢鉴": "田林",
    "朱伟红": "虹梅",
    "赵允": "康健",
    "张岚": "凌云",
    "张剑": "龙华",
    "徐颖": "漕河泾",
}

NAMED_PEOPLE: tuple[NamedPerson, ...] = (
    NamedPerson(
        "曹立强",
        "中共上海市徐汇区委员会书记",
        posts=(
            Post("party", "official", "区委书记"),
            *_delegate("徐家汇", guessed=True),
            PRESIDIUM_POST,
        ),
    ),
    NamedPerson(
        "钟晓咏",
        "中共上海市徐汇区委员会副书记，徐汇区人民政府区长",
        gender="M",  # the page refers to him as 他
        posts=(
            Post("party", "official", "区委副书记"),
            Post("government", "official", "区长"),
        ),
    ),
    NamedPerson(
        "李新华",
        "徐汇区人大常委会主任",
        posts=(
            Post("standing", "head", "主任"),
            *_delegate("湖南", guessed=True),
            PRESIDIUM_POST,
        ),
    ),
    NamedPerson(
        "沈权",
        "中共上海市徐汇区委员会副书记",
        posts=(
            Post("party", "official", "区委副书记"),
            *_delegate("斜土", guessed=True),
            PRESIDIUM_POST,
        ),
    ),
    *(
        NamedPerson(name, posts=(*_delegate(_GUESSED_PLACE[name], guessed=True), PRESIDIUM_POST))
        for name in ("徐国文", "陈奇忠", "卢鉴", "朱伟红", "赵允")
    ),
    NamedPerson(
        "麦珏",
        "徐汇区人民法院院长",
        posts=(
            Post("court", "official", "代理院长", start=None, end=ELECTED_ON - timedelta(days=1)),
            Post("court", "official", "院长", start=ELECTED_ON),
        ),
    ),
    NamedPerson(
        "朱庆华",
        "徐汇区人民检察院检察长",
        posts=(Post("procuratorate", "official", "检察长", start=None),),
    ),
    *(NamedPerson(name, posts=_delegate("徐家汇", guessed=False)) for name in XUJIAHUI_SPEAKERS),
    *(
        NamedPerson(
            name,
            posts=(
                *_delegate(_GUESSED_PLACE[name], guessed=True),
                Post("standing", "member", "委员", start=ELECTED_ON),
            ),
        )
        for name in ("张岚", "张剑")
    ),
    NamedPerson(
        "徐颖",
        "徐汇区人大城市建设环境保护委员会主任委员",
        posts=(
            *_delegate(_GUESSED_PLACE["徐颖"], guessed=True),
            Post("standing", "member", "委员", start=ELECTED_ON),
            Post("urban_committee", "committee_chair", "主任委员", start=ELECTED_ON),
        ),
    ),
    NamedPerson(
        "黄冲",
        "徐汇区政协主席",
        posts=(Post("cppcc", "chair", "主席"), Post("cppcc", "member")),
    ),
    *(
        NamedPerson(
            name,
            "徐汇区政协副主席",
            posts=(Post("cppcc", "vice_chair", "副主席"), Post("cppcc", "member")),
        )
        for name in CPPCC_VICE_CHAIRS
    ),
    NamedPerson(
        "陈华",
        "徐汇区政协秘书长",
        posts=(Post("cppcc", "secretary_general", "秘书长"), Post("cppcc", "member")),
    ),
    NamedPerson(
        "胡敏",
        "十四届徐汇区政协主席",
        posts=(
            Post(
                "cppcc",
                "chair",
                "十四届区政协主席",
                start=None,
                end=CPPCC_TERM_START - timedelta(days=1),
            ),
        ),
    ),
)

NAMED_DELEGATES = tuple(
    p.name for p in NAMED_PEOPLE if any(post.role == "delegate" for post in p.posts)
)
NAMED_CPPCC_MEMBERS = tuple(
    p.name
    for p in NAMED_PEOPLE
    if any(post.org == "cppcc" and post.role == "member" for post in p.posts)
)


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    presenter: str | None = None
    presenter_title: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Officer:
    name: str
    role: str
    title: str = ""


@dataclass(frozen=True)
class MeetingFact:
    key: str
    kind: str
    title: str
    day: date
    at: time
    synthetic_time: bool
    items: tuple[Item, ...]
    officers: tuple[Officer, ...] = ()
    venue: str = ""
    group: str | None = None  # a delegation place for group deliberations
    # Named people who took part without being members of the meeting (列席, guests).
    guests: tuple[str, ...] = field(default=())
    # Whole bodies attending without a vote (列席), e.g. all CPPCC members.
    observers: tuple[str, ...] = field(default=())

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.at, tzinfo=SHANGHAI)


@dataclass(frozen=True)
class SessionFact:
    body: str
    term: int
    term_start: date
    number: int
    title: str
    short_title: str
    start_date: date
    end_date: date
    venue: str
    meetings: tuple[MeetingFact, ...]


XUJIAHUI_TOPICS = (
    "借助STEM教科文中心落户徐汇契机助力科研创新发展",
    "强化科创策源功能",
    "大徐家汇功能区建设",
    "城区文化软实力提升",
    "加快城区治理现代化",
)
TIANPING_TOPICS = ("教育事业发展", "医疗卫生", "科技创新", "城市更新")

CONGRESS_SESSION = SessionFact(
    body="congress",
    term=CONGRESS_TERM,
    term_start=CONGRESS_TERM_START,
    number=5,
    title="徐汇区第十七届人民代表大会第五次会议",
    short_title="区十七届人大五次会议",
    start_date=date(2024, 1, 10),
    end_date=date(2024, 1, 12),
    venue="上海市委党校",
    meetings=(
        MeetingFact(
            "preparatory",
            "preparatory",
            "预备会议",
            date(2024, 1, 10),
            time(8, 30),
            synthetic_time=True,  # the page says only 上午
            items=(
                Item("election", "选举大会主席团和秘书长", notes="选举产生了大会主席团和秘书长。"),
                Item("vote", "通过会议议程", notes="通过了会议议程。"),
            ),
        ),
        MeetingFact(
            "plenary1",
            "plenary",
            "第一次全体会议",
            date(2024, 1, 10),
            time(10, 0),
            synthetic_time=False,
            items=(
                Item("report", "政府工作报告", "钟晓咏", "区长"),
                Item(
                    "vote",
                    "通过大会补选和通过人选办法",
                    notes="表决通过了大会补选和通过人选办法。",
                ),
            ),
            guests=("钟晓咏",),
        ),
        MeetingFact(
            "group_xujiahui",
            "group",
            "徐家汇代表团分组审议",
            date(2024, 1, 10),
            time(14, 0),
            synthetic_time=True,  # the page dates neither the day nor the hour
            group="徐家汇",
            items=(
                Item(
                    "deliberation",
                    "审议政府工作报告",
                    notes=(
                        "区委书记曹立强参加审议。"
                        f"{'、'.join(XUJIAHUI_SPEAKERS)}等代表发言，围绕："
                        f"{'；'.join(XUJIAHUI_TOPICS)}。"
                    ),
                ),
            ),
            officers=(Officer("曹立强", "attending", "区委书记"),),
        ),
        MeetingFact(
            "group_tianping",
            "group",
            "天平代表团分组审议",
            date(2024, 1, 10),
            time(14, 0),
            synthetic_time=True,  # the page gives the day only
            group="天平",
            items=(
                Item(
                    "deliberation",
                    "审议政府工作报告",
                    notes=(
                        "区委副书记、区长钟晓咏参加审议。代表们就"
                        f"{'、'.join(TIANPING_TOPICS)}等方面工作建言献策。"
                    ),
                ),
            ),
            officers=(Officer("钟晓咏", "attending", "区委副书记、区长"),),
            guests=("钟晓咏",),
        ),
        MeetingFact(
            "plenary2",
            "plenary",
            "第二次全体会议",
            date(2024, 1, 11),
            time(14, 0),
            synthetic_time=True,  # 下午
            items=(
                Item("report", "区人大常委会工作报告", "李新华", "常委会主任"),
                Item("report", "区人民法院工作报告", "麦珏", "代理院长"),
                Item("report", "区人民检察院工作报告", "朱庆华", "检察长"),
            ),
            guests=("麦珏", "朱庆华"),
        ),
        MeetingFact(
            "plenary3",
            "plenary",
            "第三次全体会议",
            date(2024, 1, 12),
            time(14, 0),
            synthetic_time=True,  # 下午
            venue="上海市委党校大礼堂",
            items=(
                Item("election", "选举区人民法院院长", notes="应选1名。选举麦珏为区人民法院院长。"),
                Item(
                    "election",
                    "补选区人大常委会委员",
                    notes="应选3名。选举张岚、张剑、徐颖为区人大常委会委员。",
                ),
                Item(
                    "vote",
                    "表决通过徐颖为城市建设环境保护委员会主任委员",
                    notes="表决通过徐颖为区人大城市建设环境保护委员会主任委员。",
                ),
                Item("vote", "表决通过各项决议", notes="大会表决通过了各项决议。"),
                Item("ceremony", "宪法宣誓仪式", notes="大会举行了宪法宣誓仪式。"),
                Item(
                    "speech",
                    "闭幕讲话",
                    "曹立强",
                    "区委书记",
                    notes="一是旗帜鲜明讲政治；二是坚定信心促发展；三是当好桥梁惠民生。",
                ),
            ),
            officers=(
                Officer("曹立强", "executive_chair", "区委书记"),
                Officer("李新华", "executive_chair", "区人大常委会主任"),
                Officer("沈权", "executive_chair", "区委副书记"),
                *(
                    Officer(name, "executive_chair")
                    for name in ("徐国文", "陈奇忠", "卢鉴", "朱伟红", "赵允")
                ),
                Officer("钟晓咏", "rostrum", "区委副书记、区长"),
                Officer("黄冲", "rostrum", "区政协主席"),
                Officer("麦珏", "rostrum", "区人民法院院长"),
                Officer("朱庆华", "rostrum", "区人民检察院检察长"),
            ),
            guests=("钟晓咏", "黄冲", "麦珏", "朱庆华"),
            observers=("cppcc",),  # 区政协全体委员等列席会议
        ),
    ),
)

CPPCC_SESSION = SessionFact(
    body="cppcc",
    term=CPPCC_TERM,
    term_start=CPPCC_TERM_START,
    number=4,
    title="政协徐汇区第十五届委员会第四次会议",
    short_title="区政协十五届四次会议",
    start_date=date(2024, 1, 9),
    end_date=date(2024, 1, 12),
    venue="上海市委党校",
    meetings=(
        MeetingFact(
            "cppcc_opening",
            "plenary",
            "开幕大会",
            date(2024, 1, 9),
            time(14, 30),
            synthetic_time=False,
            venue="上海市委党校",
            items=(
                Item("ceremony", "全体起立唱国歌", notes="施斌宣布大会开幕，全体起立唱国歌。"),
                Item(
                    "report",
                    "常务委员会工作报告",
                    "黄冲",
                    "主席",
                    notes="代表政协徐汇区十五届委员会常务委员会向大会作报告。",
                ),
                Item(
                    "report",
                    "提案工作情况报告",
                    "俞晓红",
                    "副主席",
                    notes=(
                        "代表政协徐汇区第十五届委员会常务委员会作关于十五届二次会议以来"
                        "提案工作情况的报告。"
                    ),
                ),
                Item(
                    "report",
                    "2023年反映社情民意信息工作情况报告",
                    notes=(
                        "书面报告：大会以书面形式下发了《政协徐汇区第十五届委员会2023年"
                        "反映社情民意信息工作情况报告》，会上未作口头报告。"
                    ),
                ),
            ),
            officers=(
                Officer("施斌", "presiding", "副主席"),
                Officer("黄冲", "rostrum", "主席"),
                *(Officer(name, "rostrum", "副主席") for name in CPPCC_VICE_CHAIRS),
                Officer("陈华", "rostrum", "秘书长"),
                Officer("曹立强", "attending", "区委书记"),
                Officer("李新华", "attending", "区人大常委会主任"),
                Officer("胡敏", "attending", "十四届区政协主席"),
                Officer("沈权", "attending", "区委副书记"),
            ),
            guests=("曹立强", "李新华", "胡敏", "沈权"),
        ),
        MeetingFact(
            "cppcc_closing",
            "plenary",
            "闭幕大会",
            date(2024, 1, 12),
            time(9, 0),
            synthetic_time=True,  # 上午
            items=(
                Item(
                    "speech",
                    "区委书记讲话",
                    "曹立强",
                    "区委书记",
                    notes=(
                        "一是坚持党的领导，把牢政治方向；二是围绕中心大局，增强履职质效；"
                        "三是共建人民城市，服务群众所需；四是加强自身建设，汇聚奋进力量。"
                    ),
                ),
                Item(
                    "speech",
                    "区政协主席讲话",
                    "黄冲",
                    "主席",
                    notes="围绕落实区委书记曹立强讲话，对新一年政协工作提出要求。",
                ),
                Item(
                    "vote",
                    "通过区政协十五届四次会议决议",
                    notes="大会通过了区政协十五届四次会议决议。",
                ),
            ),
            guests=("曹立强",),
        ),
    ),
)

SESSIONS = (CONGRESS_SESSION, CPPCC_SESSION)


# ---------------------------------------------------------------- votes (表决)


@dataclass(frozen=True)
class VoteFact:
    """A vote the page reports, on the agenda item ``item`` of the meeting ``meeting``.

    The page gives no counts and no mode: counts are invented (every vote passed, as
    reported), and the mode is the usual one — show of hands (举手) for a preparatory
    meeting's procedural votes and for the CPPCC's resolution, the electronic voting
    machine (电子表决器, secret) for the congress plenaries. ``synthetic`` marks a
    question whose content the page does not give (which resolutions 各项决议 were).
    """

    meeting: str  # MeetingFact.key
    item: str  # AgendaItem title
    question: str
    decides: str = ""
    mode: str = "electronic"  # "electronic" (secret) or "hands"
    synthetic: bool = False


# The page says only 大会表决通过了各项决议: one poll on them all, as reported. Which
# resolutions they were is not on the page: one on each report the session heard.
RESOLUTIONS = (
    "关于政府工作报告的决议",
    "关于区人大常委会工作报告的决议",
    "关于区人民法院工作报告的决议",
    "关于区人民检察院工作报告的决议",
)

VOTES: tuple[VoteFact, ...] = (
    # The presidium and secretary-general are elected on one list, uncontested: modelled as
    # a vote on the list (elections with ballots and candidates are another matter).
    VoteFact(
        "preparatory",
        "选举大会主席团和秘书长",
        "选举大会主席团和秘书长",
        "大会主席团和秘书长名单（草案）",
        mode="hands",
    ),
    VoteFact(
        "preparatory",
        "通过会议议程",
        "通过会议议程",
        "徐汇区第十七届人民代表大会第五次会议议程（草案）",
        mode="hands",
    ),
    VoteFact(
        "plenary1",
        "通过大会补选和通过人选办法",
        "表决通过大会补选和通过人选办法",
        "徐汇区第十七届人民代表大会第五次会议补选和通过人选办法（草案）",
    ),
    VoteFact(
        "plenary3",
        "表决通过徐颖为城市建设环境保护委员会主任委员",
        "表决通过徐颖为城市建设环境保护委员会主任委员",
        "徐颖为徐汇区人民代表大会城市建设环境保护委员会主任委员人选",
    ),
    VoteFact(
        "plenary3",
        "表决通过各项决议",
        "表决通过各项决议",
        (
            "徐汇区第十七届人民代表大会第五次会议各项决议（草案）："
            f"{'、'.join(RESOLUTIONS)}。"
            "（决议名单为演示数据：报道只说“大会表决通过了各项决议”。）"
        ),
        synthetic=True,
    ),
    VoteFact(
        "cppcc_closing",
        "通过区政协十五届四次会议决议",
        "通过区政协十五届四次会议决议",
        "政协徐汇区第十五届委员会第四次会议决议（草案）",
        mode="hands",
    ),
)


# ---------------------------------------------------------------- elections (选举)


@dataclass(frozen=True)
class ElectionFact:
    """An election the page reports, at the meeting ``meeting``, by paper ballot.

    The page names who was elected to how many seats, nothing more: the candidates are the
    people elected, nominated by the presidium (主席团提名); the counts, the scrutineers
    and the clerks are invented (``lianghui.demo.elections``).
    """

    meeting: str  # MeetingFact.key
    office: str  # Office.title
    kind: str  # OfficeKind: "head", "standing_member", ...
    seats: int
    elected: tuple[str, ...]
    by_election: bool = False
    # 等额 (as many candidates as seats). A head stands uncontested when only one was
    # nominated (LOL 27); for a by-election the election method decides (LOL 30).
    contested: bool = False


ELECTIONS: tuple[ElectionFact, ...] = (
    # The election proper (麦珏 was 代理院长 until this vote); only 麦珏 was nominated.
    ElectionFact("plenary3", "区人民法院院长", "head", 1, ("麦珏",)),
    # The page lists exactly three elected to three seats. Whether the by-election was
    # contested (差额) it does not say: uncontested (等额) is our synthetic choice.
    ElectionFact(
        "plenary3",
        "区人大常委会委员",
        "standing_member",
        3,
        STANDING_ELECTED,
        by_election=True,
        contested=False,
    ),
)
