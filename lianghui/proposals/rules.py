"""Who may file what, the deadlines, the rates, and the workflow check. Pure: no Django.

Sources (summarised in docs/law.md): LOL 22 (motions and who may file them), DL 15 (a motion states
案由、案据、方案), DL 24 and 36 (delegates' suggestions, during and between sessions), DL 51
(answered within three months of assignment, six for broad or difficult ones), and the
Shanghai rules on delegates' suggestions (沪建议规定): art. 13 (lead and co-handling units),
14 (a unit may ask to return a filing within seven working days), 17 (co-handlers' opinion
within one month), 19 (an extension of at most three more months), 21 (a new answer within
one month when the delegate is unsatisfied). CPPCC proposals follow the same practice
(docs/law.md).
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction


class Kind(StrEnum):
    MOTION = "motion"  # 议案
    SUGGESTION = "suggestion"  # 建议、批评和意见
    PROPOSAL = "proposal"  # 提案
    OPINION = "opinion"  # 社情民意信息


class FilerType(StrEnum):
    PRESIDIUM = "presidium"  # 主席团
    STANDING = "standing"  # 常务委员会
    COMMITTEE = "committee"  # 专门委员会
    GOVERNMENT = "government"  # 人民政府
    DELEGATES = "delegates"  # 代表（一人或联名）
    DELEGATION = "delegation"  # 代表团
    MEMBER = "member"  # 委员（一人或联名）
    PARTY = "party"  # 党派
    PEOPLES_ORG = "peoples_org"  # 人民团体
    SECTOR = "sector"  # 界别


# Who files, in the words of the refusals and of the statistics.
FILER_WORDS = {
    FilerType.PRESIDIUM: "主席团",
    FilerType.STANDING: "常务委员会",
    FilerType.COMMITTEE: "专门委员会",
    FilerType.GOVERNMENT: "人民政府",
    FilerType.DELEGATES: "代表",
    FilerType.DELEGATION: "代表团",
    FilerType.MEMBER: "委员",
    FilerType.PARTY: "党派",
    FilerType.PEOPLES_ORG: "人民团体",
    FilerType.SECTOR: "界别",
}

KIND_WORDS = {
    Kind.MOTION: "议案",
    Kind.SUGGESTION: "建议",
    Kind.PROPOSAL: "提案",
    Kind.OPINION: "社情民意信息",
}

# The body a kind of filing is made to: "congress" or "cppcc" (people.OrgKind values).
BODY_KIND = {
    Kind.MOTION: "congress",
    Kind.SUGGESTION: "congress",
    Kind.PROPOSAL: "cppcc",
    Kind.OPINION: "cppcc",
}

# Filings made by people, who sign them (a lead and co-signers).
PERSON_FILERS = frozenset({FilerType.DELEGATES, FilerType.MEMBER})

FILERS = {
    # LOL 22: presidium, standing committee, special committees, government, or delegates
    # jointly; a delegation only where local rules allow it (checked separately).
    Kind.MOTION: frozenset(
        {
            FilerType.PRESIDIUM,
            FilerType.STANDING,
            FilerType.COMMITTEE,
            FilerType.GOVERNMENT,
            FilerType.DELEGATES,
            FilerType.DELEGATION,
        }
    ),
    # DL 24, 36; 沪建议规定 4: one delegate or several jointly.
    Kind.SUGGESTION: frozenset({FilerType.DELEGATES}),
    # docs/law.md: members, participating parties, people's organisations, special
    # committees, sectors.
    Kind.PROPOSAL: frozenset(
        {
            FilerType.MEMBER,
            FilerType.PARTY,
            FilerType.PEOPLES_ORG,
            FilerType.COMMITTEE,
            FilerType.SECTOR,
        }
    ),
    Kind.OPINION: frozenset(
        {
            FilerType.MEMBER,
            FilerType.PARTY,
            FilerType.PEOPLES_ORG,
            FilerType.COMMITTEE,
            FilerType.SECTOR,
        }
    ),
}

# The organisation kinds (people.OrgKind values) that may stand behind an organisation filer.
# People's organisations have no kind of their own in people.OrgKind: 党派团体 or 其他.
FILER_ORG_KINDS = {
    FilerType.PRESIDIUM: ("presidium",),
    FilerType.STANDING: ("standing",),
    FilerType.COMMITTEE: ("committee",),
    FilerType.GOVERNMENT: ("government",),
    FilerType.DELEGATION: ("delegation",),
    FilerType.PARTY: ("party",),
    FilerType.PEOPLES_ORG: ("party", "other"),
    FilerType.SECTOR: ("sector",),
}

# Organisation filers that are part of the body itself (their parent is the body).
FILER_ORG_IN_BODY = frozenset(
    {
        FilerType.PRESIDIUM,
        FilerType.STANDING,
        FilerType.COMMITTEE,
        FilerType.DELEGATION,
        FilerType.SECTOR,
    }
)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    code: str = ""
    reason: str = ""
    target: str = ""


OK = Verdict(True)


def joint_motion_minimum(township: bool) -> int:
    """LOL 22: ten or more delegates jointly; five or more at township level."""
    return 5 if township else 10


def delegation_may_file(kind: str, delegations_may_file_motions: bool) -> bool:
    """LOL 22: a delegation files a motion only where the local rules say so (a setting)."""
    return Kind(kind) != Kind.MOTION or delegations_may_file_motions


def organisation_filer_types(kind: str, delegations_may_file_motions: bool) -> list[FilerType]:
    """The kinds of organisation that may file this kind of filing, in FilerType order."""
    allowed = set(FILERS[Kind(kind)]) - PERSON_FILERS
    return [
        t
        for t in FilerType
        if t in allowed
        and (t != FilerType.DELEGATION or delegation_may_file(kind, delegations_may_file_motions))
    ]


def check_filer(
    kind: str,
    filer_type: str,
    *,
    body_kind: str,
    signers: int,
    township: bool = False,
    delegations_may_file_motions: bool = False,
) -> Verdict:
    """May this filer make this kind of filing to this body, with this many signers?

    `signers` counts the people who sign (lead and co-signers); organisation filers have none.
    """
    try:
        kind, filer_type = Kind(kind), FilerType(filer_type)
    except ValueError:
        return Verdict(False, "bad_kind", "未知的类别或提出者类型。")
    word = KIND_WORDS[kind]
    if BODY_KIND[kind] != body_kind:
        where = "人民代表大会" if BODY_KIND[kind] == "congress" else "政协委员会"
        return Verdict(False, "wrong_body", f"{word}只能向{where}提出。")
    if filer_type not in FILERS[kind]:
        return Verdict(False, "filer_not_allowed", f"{_filer_word(filer_type)}不能提出{word}。")
    if filer_type == FilerType.DELEGATION and not delegation_may_file(
        kind, delegations_may_file_motions
    ):
        return Verdict(
            False, "filer_not_allowed", "本级议事规则未规定代表团可以提出议案（LOL 22）。"
        )
    if filer_type in PERSON_FILERS:
        if signers < 1:
            return Verdict(False, "no_filer", f"{word}须有提出人。")
        if kind == Kind.MOTION:
            needed = joint_motion_minimum(township)
            if signers < needed:
                return Verdict(
                    False,
                    "too_few_signers",
                    f"代表联名提出议案须有 {needed} 名以上代表联名（LOL 22），现有 {signers} 名。",
                )
    elif signers:
        return Verdict(False, "org_has_no_signers", "以机构名义提出的不设联名人。")
    return OK


def _filer_word(filer_type: FilerType) -> str:
    return FILER_WORDS[filer_type]


def check_content(kind: str, title: str, grounds: str, solution: str, text: str) -> Verdict:
    """DL 15: a motion states its cause, grounds and solution. Others: a title and a body."""
    if not title.strip():
        return Verdict(False, "title_required", "请填写案由（标题）。")
    if kind == Kind.MOTION:
        if not grounds.strip() or not solution.strip():
            return Verdict(False, "incomplete_motion", "议案应当有案由、案据和方案（DL 15）。")
        return OK
    if not (text.strip() or solution.strip()):
        return Verdict(False, "text_required", "请填写内容。")
    return OK


# --- deadlines -----------------------------------------------------------------------


@dataclass(frozen=True)
class Deadlines:
    """The deadlines, with the law's defaults; a body may set shorter ones, never longer
    (check_deadlines). The law's figures are the maxima: a reply within three months, six
    for broad or difficult matters (DL 51); a co-handler's opinion within one month
    (沪建议规定 17); a request to return a filing within seven working days (14); a new
    answer within one month after an unsatisfied rating (21). Periods in months cannot be
    shortened below one month."""

    reply_months: int = 3  # DL 51
    difficult_reply_months: int = 6  # DL 51; 沪建议规定 19: at most three months more
    cohandler_months: int = 1  # 沪建议规定 17
    rating_working_days: int = 15  # local default (docs/law.md)
    rereply_months: int = 1  # 沪建议规定 21
    reassign_working_days: int = 7  # 沪建议规定 14
    remind_days: int = 7  # reminders this many days before a deadline
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)  # weekends worked (调休)


LAW = Deadlines()


def check_deadlines(d: Deadlines) -> list[str]:
    """Problems with a body's deadlines: none may be longer than the law allows."""
    problems = []
    if not 1 <= d.reply_months <= LAW.reply_months:
        problems.append("答复期限须为 1 至 3 个月（DL 51）。")
    if not d.reply_months <= d.difficult_reply_months <= LAW.difficult_reply_months:
        problems.append(
            "涉及面广、处理难度大的答复期限须不短于一般期限，且不超过 6 个月（DL 51）。"
        )
    if not 1 <= d.cohandler_months <= LAW.cohandler_months:
        problems.append(
            f"会办意见期限须为{_span(LAW.cohandler_months, '个月')}，不得超过法定期限"
            "（沪建议规定 17：一个月内）。"
        )
    if not 1 <= d.rating_working_days <= 60:
        problems.append("评价期限须为 1 至 60 个工作日。")
    if not 1 <= d.rereply_months <= LAW.rereply_months:
        problems.append(
            f"再次答复期限须为{_span(LAW.rereply_months, '个月')}，不得超过法定期限"
            "（沪建议规定 21：一个月内）。"
        )
    if not 1 <= d.reassign_working_days <= LAW.reassign_working_days:
        problems.append(
            f"申请退回改办的期限须为{_span(LAW.reassign_working_days, '个工作日')}，"
            "不得超过法定期限（沪建议规定 14：七个工作日内）。"
        )
    if not 1 <= d.remind_days <= 60:
        problems.append("提前提醒天数须为 1 至 60 天。")
    if d.holidays & d.workdays:
        problems.append("同一天不能既是节假日又是调休工作日。")
    return problems


def _span(most: int, unit: str) -> str:
    """From one up to the law's figure, as the messages say it: ' 1 个月', ' 1 至 7 个工作日'."""
    return f" {most} {unit}" if most == 1 else f" 1 至 {most} {unit}"


def add_months(day: date, months: int) -> date:
    """Calendar months: the same day of the month, or the month's last day if it has none.

    Jan 15 + 3 → Apr 15; Nov 30 + 3 → Feb 28 (29 in a leap year). As 民法典 202 counts a
    period in months: it ends on the corresponding day of the last month.
    """
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: date, holidays=frozenset(), workdays=frozenset()) -> bool:
    """Monday to Friday, less the holidays given, plus weekend days worked instead (调休)."""
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, n: int, holidays=frozenset(), workdays=frozenset()) -> date:
    """The n-th working day after `start` (the start day itself is not counted)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            n -= 1
    return day


def working_days_between(start: date, end: date, holidays=frozenset(), workdays=frozenset()) -> int:
    """Working days after `start` up to and including `end` (0 if end is not after start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, holidays, workdays)
    return count


def reply_due(assigned_on: date, difficult: bool, d: Deadlines = LAW) -> date:
    """DL 51: three months from assignment, six for broad or difficult matters."""
    return add_months(assigned_on, d.difficult_reply_months if difficult else d.reply_months)


def cohandler_due(assigned_on: date, d: Deadlines = LAW) -> date:
    """沪建议规定 17: a co-handling unit sends its opinion within one month."""
    return add_months(assigned_on, d.cohandler_months)


def rereply_due(rated_on: date, d: Deadlines = LAW) -> date:
    """沪建议规定 21: a new answer within one month when the filer is unsatisfied."""
    return add_months(rated_on, d.rereply_months)


def rating_due(replied_on: date, d: Deadlines = LAW) -> date:
    """The filer rates the reply within 15 working days (docs/law.md)."""
    return add_working_days(replied_on, d.rating_working_days, d.holidays, d.workdays)


def reassign_due(assigned_on: date, d: Deadlines = LAW) -> date:
    """沪建议规定 14: a unit may ask to return a filing within seven working days."""
    return add_working_days(assigned_on, d.reassign_working_days, d.holidays, d.workdays)


def latest_due(started_on: date, d: Deadlines = LAW) -> date:
    """No extension goes beyond six months from the start of handling (DL 51; 沪建议规定 19)."""
    return add_months(started_on, d.difficult_reply_months)


def _until(today: date, last_day: date, code: str, reason: str) -> Verdict:
    """A step that may be taken up to and on its last day, and is refused after it."""
    return OK if today <= last_day else Verdict(False, code, reason)


def check_reply_in_time(today: date, due: date) -> Verdict:
    """DL 51, 沪建议规定 19: a reply after the deadline needs an extension granted first."""
    return _until(
        today,
        due,
        "reply_overdue",
        f"答复期限（{due:%Y年%m月%d日}）已过，且未获延期。请先书面说明情况，经同意延期后再答复。",
    )


def check_reassign_in_time(today: date, assigned_on: date, d: Deadlines = LAW) -> Verdict:
    """沪建议规定 14: a request to return a filing within the working days after assignment."""
    limit = reassign_due(assigned_on, d)
    return _until(
        today,
        limit,
        "reassign_too_late",
        f"申请退回改办须在交办之日起 {d.reassign_working_days} 个工作日内"
        f"（{limit:%Y年%m月%d日}前）提出。",
    )


def check_extension_request_in_time(today: date, started_on: date, d: Deadlines = LAW) -> Verdict:
    """沪建议规定 19: once the longest possible deadline has passed, no extension can help."""
    latest = latest_due(started_on, d)
    return _until(
        today,
        latest,
        "extension_too_late",
        f"办理已超过最长期限（{latest:%Y年%m月%d日}），不能再申请延期，请联系秘书处。",
    )


def check_extension(
    started_on: date, current_due: date, new_due: date, d: Deadlines = LAW
) -> Verdict:
    if new_due <= current_due:
        return Verdict(False, "not_later", "延长后的期限须晚于现有期限。")
    limit = latest_due(started_on, d)
    if new_due > limit:
        return Verdict(
            False,
            "extension_too_long",
            f"延长后的期限不得晚于交办之日起 {d.difficult_reply_months} 个月（{limit:%Y年%m月%d日}）（DL 51）。",
        )
    return OK


def check_reply_waits(today: date, own_due: date, missing: Iterable[tuple[str, date]]) -> Verdict:
    """沪建议规定 17: co-handling units send their opinion to the lead (or split) unit within
    one month, and the reply takes them into account. `missing` are the co-handling units
    whose opinion is not in, each with its deadline.

    The unit may not reply while a missing opinion is still within its deadline; once that
    has passed it may, and the reply records who was missing. On its own last day (a
    co-handler reassigned late may be due after it) the unit always may.
    """
    if today >= own_due:
        return OK
    waiting = sorted(((due, name) for name, due in missing if today <= due), key=lambda w: w[0])
    if not waiting:
        return OK
    names = "、".join(name for _, name in waiting)
    last = waiting[-1][0]
    return Verdict(
        False,
        "co_opinions_pending",
        f"会办单位（{names}）的会办意见尚未送达，会办意见期限至{last:%Y年%m月%d日}"
        "（沪建议规定 17）。请收到会办意见后再答复；期限过后仍未送达的，可以直接答复，"
        "系统将记录未提出会办意见的单位。",
    )


def on_time(done_on: date, due: date) -> bool:
    return done_on <= due


def days_left(today: date, due: date) -> int:
    """Calendar days until the deadline: 0 on the day itself, negative once overdue."""
    return (due - today).days


# --- assignment ----------------------------------------------------------------------

LEAD, CO, SPLIT = "lead", "co", "split"  # 主办, 会办, 分办


def check_assignment(roles: Iterable[str]) -> Verdict:
    """沪建议规定 13: one lead unit with any co-handling units, or two or more split
    units (each handling a stated part) with any co-handling units."""
    roles = list(roles)
    if any(r not in (LEAD, CO, SPLIT) for r in roles):
        return Verdict(False, "bad_role", "办理方式只能是主办、会办或分办。")
    leads, splits = roles.count(LEAD), roles.count(SPLIT)
    if leads == 1 and splits == 0:
        return OK
    if leads == 0 and splits >= 2:
        return OK
    if leads == 0 and splits == 0:
        return Verdict(False, "no_lead", "须确定一个主办单位，或两个以上分办单位。")
    if leads and splits:
        return Verdict(False, "lead_and_split", "主办与分办不能同时使用。")
    if leads > 1:
        return Verdict(False, "two_leads", "主办单位只能有一个；多个单位分别办理请用分办。")
    return Verdict(False, "one_split", "分办须有两个以上单位；只有一个单位时请设为主办。")


# --- rates ---------------------------------------------------------------------------

SATISFIED, BASIC, UNSATISFIED = "satisfied", "basic", "unsatisfied"  # 满意, 基本满意, 不满意


def rate(part: int, whole: int) -> Fraction | None:
    if part < 0 or whole < 0 or part > whole:
        raise ValueError("a rate needs 0 <= part <= whole")
    return Fraction(part, whole) if whole else None


def satisfaction_rate(satisfied: int, basic: int, unsatisfied: int) -> Fraction | None:
    """满意率: satisfied and basically satisfied, of all ratings given."""
    return rate(satisfied + basic, satisfied + basic + unsatisfied)


def on_time_rate(on_time_count: int, replied: int) -> Fraction | None:
    """按期答复率: replies within the original deadline, of all replies."""
    return rate(on_time_count, replied)


def percent(value: Fraction | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{float(value) * 100:.{digits}f}%"


# --- workflow ------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One allowed transition: in `source`, `action` moves a filing of `kind` to `target`,
    for an actor holding any of `roles` on it."""

    kind: str
    source: str
    action: str
    target: str
    roles: frozenset[str]
    label: str = ""


def check_transition(
    steps: Iterable[Step],
    kind: str,
    state: str,
    action: str,
    roles: Iterable[str],
    *,
    state_label: str = "",
    action_label: str = "",
) -> Verdict:
    """Allowed only if the table has this (kind, state, action) and the actor holds a role
    that the step names. Anything not in the table is refused."""
    roles = frozenset(roles)
    matching = [s for s in steps if s.kind == kind and s.source == state and s.action == action]
    word = KIND_WORDS.get(kind, "")
    if not matching:
        return Verdict(
            False,
            "bad_state",
            f"该{word}当前为“{state_label or state}”，不能{action_label or action}。",
        )
    allowed = [s for s in matching if s.roles & roles]
    if not allowed:
        return Verdict(False, "forbidden", f"您无权对该{word}执行“{action_label or action}”。")
    return Verdict(True, target=allowed[0].target)


def available(steps: Iterable[Step], kind: str, state: str, roles: Iterable[str]) -> list[Step]:
    """The steps an actor with these roles may take now (for the pages' buttons)."""
    roles = frozenset(roles)
    return [s for s in steps if s.kind == kind and s.source == state and s.roles & roles]


def check_table(
    states: Iterable[tuple[str, str]], initial: dict[str, str], steps: Iterable[Step]
) -> list[str]:
    """Problems with a workflow table: unknown states, duplicate steps, steps nobody may take,
    states that cannot be reached from the initial state."""
    states = set(states)
    steps = list(steps)
    problems = []
    seen = set()
    for s in steps:
        key = (s.kind, s.source, s.action)
        if key in seen:
            problems.append(f"duplicate step {key}")
        seen.add(key)
        for code in (s.source, s.target):
            if (s.kind, code) not in states:
                problems.append(f"unknown state {s.kind}:{code}")
        if not s.roles:
            problems.append(f"step {key} names no role")
    for kind, start in initial.items():
        reached, frontier = {start}, [start]
        while frontier:
            here = frontier.pop()
            for s in steps:
                if s.kind == kind and s.source == here and s.target not in reached:
                    reached.add(s.target)
                    frontier.append(s.target)
        for k, code in states:
            if k == kind and code not in reached:
                problems.append(f"state {kind}:{code} cannot be reached")
    return problems
