"""The chronicle's (会议纪实) wording: facts in, Chinese text out. Pure: no Django.

``lianghui.records.chronicle`` reads a session's records into the plain dataclasses below;
``compose()`` writes them up in the plain, factual style of a district paper's 本报讯 (the
seed page): per body one article, per day one paragraph per meeting, in the order held.

How each record is worded (the seed's own phrasing where it has one):

- A session: the full name built from the body's name with Chinese numerals (上海市徐汇区
  第十七届人民代表大会第五次会议, 中国人民政治协商会议上海市徐汇区第十五届委员会第四次会议),
  its dates and venue, and its length (会期三天).
- A meeting: its date, and the half day (上午/下午) where the time is only a placeholder
  (``exact_time`` False), or the hour (上午 10 时, 下午 2 时 30 分) where it is known. The
  session's first plenary opens it (大会在……开幕); its last plenary, if held on the session's
  last day, closes it (胜利闭幕). Executive chairs are listed in their order (大会执行主席……在
  主席台前排就座); the rostrum and invited guests with their titles, people of one title
  together (副主席俞晓红、施斌、张黎明、冯志刚).
- Agenda items in their order: reports heard (听取了区长钟晓咏所作的政府工作报告; consecutive
  reports in one clause); a report whose notes begin with 代表 is given on someone's behalf
  and its notes are its sentence (黄冲代表……向大会作报告); a report with no presenter was
  handed out in writing (以书面形式下发了《……》); a speech (在闭幕式上讲话, with its notes);
  a ceremony (举行了宪法宣誓仪式; a ceremony not called 仪式 is a clause of its own, 全体起立
  唱国歌).
- Votes: published polls only, by their question (表决通过了大会补选和通过人选办法; a show of
  hands 通过了会议议程; a vote on a list 选举产生了大会主席团和秘书长; one that failed 未获通过).
  Counts are not printed: the seed does not, and the vote's own result page has them.
- Elections: published results only (选举麦珏为区人民法院院长), the elected in ballot order.
- The oath: who swore, and the leader (领誓人) unless the record marks the leader a guess.
- A group deliberation: the leaders attending (区委书记曹立强参加徐家汇代表团分组审议), the item
  under review, the members who spoke and their topics, and what the leaders said (曹立强指出，
  ……). Where any speaker-topic pairing is marked a guess (``Speech.synthetic``), speakers and
  topics are listed side by side without pairing them, as the seed does (……等代表围绕……等
  作了发言); otherwise each speaker is paired with their topic.

- An interpellation answered orally at a meeting, in that meeting's paragraph: who answered
  for the body questioned, and on what (……局长周某就代表10人联名提出的质询案“……”作了答复;
  再次作了答复 for a second answer). A recall or a resignation is the vote it was decided by.
- A question asked in a group: who asked which organ, and who explained (……代表向区教育局提出
  询问，……作了说明).

What the draft cannot say for sure goes to ``Chronicle.notes`` for the secretariat, never into
the text (a guessed 领誓人, invented speakers, a record not yet final).
"""

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from lianghui.sessions.numerals import chinese_number

CONGRESS = "congress"
CPPCC = "cppcc"
PLENARY_KINDS = ("plenary", "preparatory")
GROUP = "group"


# --- facts in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    title: str = ""
    synthetic: bool = False  # invented for the demo


@dataclass(frozen=True)
class Item:
    order: int
    kind: str  # sessions.ItemKind: report, vote, election, speech, ceremony, deliberation, other
    title: str
    presenter: Person | None = None
    notes: str = ""


@dataclass(frozen=True)
class Vote:
    item_order: int | None
    question: str
    passed: bool
    hands: bool = False  # by show of hands (举手): "通过了", else "表决通过了"


@dataclass(frozen=True)
class Election:
    item_order: int | None
    office: str
    seats: int
    elected: tuple[str, ...]  # in ballot (candidate) order


@dataclass(frozen=True)
class Oath:
    item_order: int | None
    takers: tuple[str, ...]
    collective: bool = True
    leader: str = ""
    leader_synthetic: bool = False


@dataclass(frozen=True)
class Speech:
    speaker: Person
    topic: str
    summary: str = ""
    synthetic: bool = False  # the speaker-topic pairing is a guess


@dataclass(frozen=True)
class Question:
    """A delegate's question (询问) in a group, and who explained (empty: not yet, or later)."""

    asker: str
    unit: str
    answered_by: str = ""


@dataclass(frozen=True)
class Answer:
    """An interpellation (质询案) answered at this meeting."""

    target: str
    subject: str
    filers: int
    answered_by: str
    again: bool = False  # the second answer, asked for by the filers


@dataclass(frozen=True)
class Deliberation:
    group: str
    item: str = ""
    attending: tuple[Person, ...] = ()
    speeches: tuple[Speech, ...] = ()  # the group's members, in order
    leader_speeches: tuple[Speech, ...] = ()  # the leaders attending, in order
    recorded: bool = True  # a record exists
    final: bool = True
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Meeting:
    kind: str  # sessions.MeetingKind
    title: str
    starts_at: datetime  # aware, in the local time zone: its date and hour are as printed
    exact_time: bool = True
    venue: str = ""
    opening: bool = False
    closing: bool = False
    presiding: tuple[Person, ...] = ()
    chairs: tuple[Person, ...] = ()  # executive chairs, in order
    rostrum: tuple[Person, ...] = ()
    attending: tuple[Person, ...] = ()
    items: tuple[Item, ...] = ()
    votes: tuple[Vote, ...] = ()
    elections: tuple[Election, ...] = ()
    oath: Oath | None = None
    deliberation: Deliberation | None = None
    answers: tuple[Answer, ...] = ()


@dataclass(frozen=True)
class Session:
    body_kind: str  # congress or cppcc
    body_name: str
    term: int
    number: int
    title: str
    short_title: str
    start_date: date
    end_date: date
    venue: str = ""
    meetings: tuple[Meeting, ...] = ()  # those held, in order
    ended: bool = False  # its closing meeting has been held

    @property
    def member_word(self) -> str:
        return "委员" if self.body_kind == CPPCC else "代表"


# --- text out -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    day: date
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Chronicle:
    title: str
    lead: str
    days: tuple[Day, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def paragraphs(self) -> list[str]:
        return [self.lead, *(p for d in self.days for p in d.paragraphs)]

    @property
    def text(self) -> str:
        """The title, then one paragraph a block, blocks separated by a blank line."""
        return "\n\n".join([self.title, *self.paragraphs]) + "\n"


def split_text(text: str) -> tuple[str, list[str]]:
    """A chronicle's text (generated or edited) as its title and paragraphs: one a line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return "", []
    return lines[0], lines[1:]


def changes(old: str, new: str) -> list[str]:
    """The lines that changed from one generated text to the next (a unified diff)."""
    return list(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), "此前生成稿", "最新生成稿", lineterm="", n=0
        )
    )


# --- words ----------------------------------------------------------------------------------


def full_name(body_name: str, term: int, number: int) -> str:
    """上海市徐汇区人民代表大会, 17, 5 -> 上海市徐汇区第十七届人民代表大会第五次会议."""
    for marker in ("人民代表大会", "委员会"):
        if body_name.endswith(marker):
            stem = body_name[: -len(marker)]
            return f"{stem}第{chinese_number(term)}届{marker}第{chinese_number(number)}次会议"
    return ""


def day_words(d: date) -> str:
    return f"{d.month} 月 {d.day} 日"


def half_day(hour: int) -> str:
    if hour < 5:
        return "凌晨"
    if hour < 12:
        return "上午"
    if hour == 12:
        return "中午"
    if hour < 18:
        return "下午"
    return "晚上"


def when_words(at: datetime, exact: bool, *, half: bool = True) -> str:
    """1 月 10 日上午 10 时, 1 月 9 日下午 2 时 30 分; 1 月 11 日下午 when only the half day is
    known; 1 月 10 日 with ``half`` False."""
    words = day_words(at.date())
    if not half:
        return words
    words += half_day(at.hour)
    if not exact:
        return words
    hour = at.hour - 12 if at.hour > 12 else at.hour
    minutes = f" {at.minute} 分" if at.minute else ""
    return f"{words} {hour} 时{minutes}"


def span_words(start: date, end: date) -> str:
    """2024 年 1 月 10 日至 12 日; across months or years the later part grows."""
    first = f"{start.year} 年 {day_words(start)}"
    if end == start:
        return first
    if end.year != start.year:
        return f"{first}至 {end.year} 年 {day_words(end)}"
    if end.month != start.month:
        return f"{first}至 {day_words(end)}"
    return f"{first}至 {end.day} 日"


def names(people: Iterable[Person]) -> str:
    return "、".join(p.name for p in people)


def titled(people: Sequence[Person]) -> str:
    """区委副书记、区长钟晓咏，区政协主席黄冲; consecutive people of one title together:
    副主席俞晓红、施斌、张黎明、冯志刚."""
    groups: list[tuple[str, list[str]]] = []
    for p in people:
        if groups and groups[-1][0] == p.title:
            groups[-1][1].append(p.name)
        else:
            groups.append((p.title, [p.name]))
    return "，".join(f"{title}{'、'.join(ns)}" for title, ns in groups)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _bare(text: str) -> str:
    return text.strip().rstrip("。；;，, ")


def vote_clause(vote: Vote) -> str:
    """表决通过了大会补选和通过人选办法; 通过了会议议程 (show of hands); 选举产生了大会主席团和
    秘书长 (a vote on a list); 表决通过徐颖为……主任委员 (an appointment takes no 了)."""
    question = _bare(vote.question)
    body = question[2:] if question.startswith("表决") else question
    verb, obj = "通过", body
    if body.startswith("选举"):
        verb, obj = "选举产生", body[2:]
    elif body.startswith(("通过", "批准", "决定", "接受", "同意")):
        verb, obj = body[:2], body[2:]
    if not vote.passed:
        return f"{obj}未获通过"
    done = "" if "为" in obj else "了"
    prefix = "" if vote.hands or verb == "选举产生" else "表决"
    return f"{prefix}{verb}{done}{obj}"


def election_clause(election: Election) -> str:
    """选举麦珏为区人民法院院长; seats left over are stated."""
    if not election.elected:
        return f"选举{election.office}，无人当选"
    clause = f"选举{'、'.join(election.elected)}为{election.office}"
    left = election.seats - len(election.elected)
    if left > 0:
        clause += f"（应选 {election.seats} 名，尚缺 {left} 名）"
    return clause


def speech_sentence(item: Item) -> str:
    """区委书记曹立强在闭幕式上讲话，提出：一是……"""
    p = item.presenter
    who = f"{p.title}{p.name}" if p else ""
    where = ""
    if item.title.startswith("闭幕"):
        where = "在闭幕式上"
    elif item.title.startswith("开幕"):
        where = "在开幕式上"
    sentence = f"{who}{where}讲话"
    notes = _bare(item.notes)
    if notes:
        sentence += ("，提出：" if notes.startswith("一是") else "，") + notes
    return sentence


def oath_sentence(oath: Oath) -> str:
    how = ("集体" if oath.collective else "依次") if len(oath.takers) > 1 else ""
    sentence = f"{'、'.join(oath.takers)}{how}进行了宪法宣誓"
    if oath.collective and oath.leader and not oath.leader_synthetic:
        sentence += f"，{oath.leader}领誓"
    return sentence


def _written(item: Item) -> bool:
    return item.presenter is None or item.notes.startswith("书面")


def _behalf(item: Item) -> bool:
    return item.presenter is not None and item.notes.startswith("代表")


# --- sentences ------------------------------------------------------------------------------

# Segment kinds: CLAUSE needs the subject 大会 (joins a sentence whose subject it is, else opens
# one with it); FREE joins any open sentence or stands alone without a subject (全体起立唱国歌);
# SENTENCE stands alone.
CLAUSE, FREE, SENTENCE = "clause", "free", "sentence"


class _Sentences:
    def __init__(self, subject: str):
        self.subject = subject
        self.done: list[str] = []
        self.open: list[str] = []
        self.subject_ok = False

    def start(self, text: str, *, subject_ok: bool) -> None:
        self.close()
        self.open = [text]
        self.subject_ok = subject_ok

    def close(self) -> None:
        if self.open:
            self.done.append("，".join(self.open) + "。")
        self.open = []

    def add(self, kind: str, text: str) -> None:
        if kind == SENTENCE:
            self.close()
            self.done.append(text + "。")
        elif kind == CLAUSE:
            if self.open and self.subject_ok:
                self.open.append(text)
            else:
                self.start(self.subject + text, subject_ok=True)
        elif self.open:
            self.open.append(text)
            self.subject_ok = False
        else:
            self.start(text, subject_ok=False)

    def text(self) -> str:
        self.close()
        return "".join(self.done)


def _reports(reports: list[Item]) -> str:
    """听取了A所作的X，B所作的Y和C所作的Z."""
    parts = [f"{r.presenter.title}{r.presenter.name}所作的{r.title}" for r in reports]
    if len(parts) > 1:
        parts = [*parts[:-2], f"{parts[-2]}和{parts[-1]}"]
    return "听取了" + "，".join(parts)


def _by_item(things) -> dict:
    """Votes or elections grouped by the order of their agenda item (None: of no item)."""
    grouped: dict = {}
    for t in things:
        grouped.setdefault(t.item_order, []).append(t)
    return grouped


def _placed_oath(m: Meeting) -> Oath | None:
    """The meeting's oath, moved to its oath ceremony item when it was recorded at no item of
    the agenda (or none if the agenda has no such ceremony)."""
    oath = m.oath
    if oath is None or oath.item_order in {i.order for i in m.items}:
        return oath
    ceremony = next((i for i in m.items if i.kind == "ceremony" and "宣誓" in i.title), None)
    return Oath(
        ceremony.order if ceremony else None,
        oath.takers,
        oath.collective,
        oath.leader,
        oath.leader_synthetic,
    )


def _heard_in_series(item: Item) -> bool:
    """A report heard in the hall: run together with the next ones (听取了A所作的X和B所作的Y)."""
    return item.kind == "report" and not _written(item) and not _behalf(item)


def _own_segments(item: Item, m: Meeting, oath: Oath | None, heard: bool) -> list[tuple[str, str]]:
    """What an item that is not one of a series of reports says on its own: a report made on
    someone's behalf or handed out in writing, a speech, a ceremony (and the oath sworn at it),
    a deliberation at a plenary."""
    if item.kind == "report" and _behalf(item):
        p = item.presenter
        return [(SENTENCE, f"{p.title}{p.name}{_bare(item.notes)}")]
    if item.kind == "report":
        return [(CLAUSE, f"{'还' if heard else ''}以书面形式下发了《{item.title}》")]
    if item.kind == "speech" and item.presenter is not None:
        return [(SENTENCE, speech_sentence(item))]
    if item.kind == "ceremony":
        held = (
            (CLAUSE, f"举行了{item.title}") if item.title.endswith("仪式") else (FREE, item.title)
        )
        sworn = oath is not None and oath.item_order == item.order
        return [held, (SENTENCE, oath_sentence(oath))] if sworn else [held]
    if item.kind == "deliberation" and m.kind != GROUP:
        title = _bare(item.title)
        return [(CLAUSE, f"审议了{title[2:]}" if title.startswith("审议") else f"审议了{title}")]
    return []


def _after_agenda(votes: dict, elections: dict, oath: Oath | None) -> list[tuple[str, str]]:
    """Votes and elections left over (of no item, or of an item not on the agenda), then an
    oath of no item."""
    segments = [(CLAUSE, vote_clause(v)) for rest in votes.values() for v in rest]
    segments += [(CLAUSE, election_clause(e)) for rest in elections.values() for e in rest]
    if oath is not None and oath.item_order is None:
        segments += [(CLAUSE, "举行了宪法宣誓仪式"), (SENTENCE, oath_sentence(oath))]
    return segments


def _item_segments(m: Meeting) -> list[tuple[str, str]]:
    """The meeting's agenda in order, as (kind, text); published votes and elections at their
    item, those of no item (and an oath of no item) after the agenda."""
    votes: dict[int | None, list[Vote]] = _by_item(m.votes)
    elections: dict[int | None, list[Election]] = _by_item(m.elections)
    oath = _placed_oath(m)
    segments: list[tuple[str, str]] = []
    pending: list[Item] = []
    heard = False
    for item in [*m.items, None]:
        if item is not None and _heard_in_series(item):
            pending.append(item)
            continue
        if pending:
            segments.append((CLAUSE, _reports(pending)))
            pending.clear()
            heard = True
        if item is None:
            break
        segments += _own_segments(item, m, oath, heard)
        heard = heard or (item.kind == "report" and _behalf(item))
        segments += [(CLAUSE, vote_clause(v)) for v in votes.pop(item.order, [])]
        segments += [(CLAUSE, election_clause(e)) for e in elections.pop(item.order, [])]
    return segments + _after_agenda(votes, elections, oath)


def answer_sentence(a: Answer, word: str = "代表") -> str:
    """区生态环境局局长周某就代表10人联名提出的质询案“关于……”作了答复 (LOL 24 ¶3: the head
    of the body answers); 再次作了答复 for the answer the filers asked for again."""
    who = a.answered_by if a.answered_by.startswith(a.target) else f"{a.target}{a.answered_by}"
    again = "再次" if a.again else ""
    return f"{who}就{word}{a.filers}人联名提出的质询案“{_bare(a.subject)}”{again}作了答复"


def meeting_paragraph(s: Session, m: Meeting) -> str:
    plenary = m.kind in PLENARY_KINDS
    subject = "大会" if plenary else "会议"
    when = when_words(m.starts_at, m.exact_time)
    place = m.venue or s.venue
    if m.opening:
        head = f"{when}，大会{'在' + place if place else ''}开幕"
        if "开幕" not in m.title:
            head += f"，举行{m.title}"
    else:
        at = f"在{m.venue}" if m.venue else ""
        head = f"{when}，{'大会' if plenary else ''}{at}举行{m.title}"
    out = _Sentences(subject)
    out.start(head, subject_ok=True)
    if m.chairs:
        out.add(SENTENCE, f"大会执行主席{names(m.chairs)}在主席台前排就座")
    if m.rostrum:
        out.add(SENTENCE, f"{titled(m.rostrum)}在主席台就座")
    if m.attending:
        out.add(SENTENCE, f"{titled(m.attending)}应邀出席{subject}")
    if m.presiding:
        if m.opening:
            out.start(f"{titled(m.presiding)}主持会议并宣布大会开幕", subject_ok=False)
        else:
            out.add(SENTENCE, f"{subject}由{titled(m.presiding)}主持")
    for kind, text in _item_segments(m):
        out.add(kind, text)
    for a in m.answers:
        out.add(SENTENCE, answer_sentence(a, s.member_word))
    if m.closing:
        out.add(
            SENTENCE,
            f"大会在圆满完成预定的各项议程后，于 {when}{'在' + place if place else ''}胜利闭幕",
        )
    return out.text()


def deliberation_paragraph(s: Session, m: Meeting) -> str:
    d = m.deliberation or Deliberation(group="")
    group = d.group or m.title
    # A group meeting's hour is rarely known: the day only, unless the time is.
    when = when_words(m.starts_at, m.exact_time, half=m.exact_time)
    word = s.member_word
    kind = "分组审议" if s.body_kind == CONGRESS else "分组讨论"
    item = _bare(d.item)
    review = (item if item.startswith("审议") else f"审议{item}") if item else ""
    if d.attending:
        head = f"{when}，{titled(d.attending)}参加{group}{kind}"
        if review:
            head += f"，与{word}们一起{review}"
    else:
        head = f"{when}，{group}举行{kind}"
        if review:
            head += f"，{review}"
    sentences = [head]
    if d.speeches:
        if any(sp.synthetic for sp in d.speeches) or len(d.speeches) == 1:
            speakers = "、".join(_unique(sp.speaker.name for sp in d.speeches))
            topics = "、".join(_unique(_bare(sp.topic) for sp in d.speeches))
            many = "等" if len(d.speeches) > 1 else ""
            sentences.append(f"{speakers}{many}{word}围绕{topics}{many}作了发言")
        else:
            parts = [f"{sp.speaker.name}围绕“{_bare(sp.topic)}”" for sp in d.speeches]
            sentences.append(f"{word}{'，'.join(parts)}分别作了发言")
    for q in d.questions:
        asked = f"{q.asker}{word}向{q.unit}提出询问"
        sentences.append(f"{asked}，{q.answered_by}作了说明" if q.answered_by else asked)
    for sp in d.leader_speeches:
        summary = _bare(sp.summary)
        if summary:
            sentences.append(f"{sp.speaker.name}指出，{summary}")
        else:
            sentences.append(f"{sp.speaker.name}就{_bare(sp.topic)}讲话")
    return "。".join(sentences) + "。"


def _notes(s: Session) -> list[str]:
    notes = []
    for m in s.meetings:
        d = m.deliberation
        if d is not None:
            group = d.group or m.title
            if not d.recorded:
                notes.append(f"{group}：尚未建立分组审议记录，稿中只写了出席领导和审议事项。")
            elif not d.final:
                notes.append(f"{group}：分组审议记录尚未定稿。")
            if any(sp.synthetic for sp in d.speeches):
                notes.append(
                    f"{group}：发言人与发言主题的对应为演示补充，稿中并列发言人和主题，未作对应。"
                )
            invented = _unique(
                sp.speaker.name for sp in (*d.speeches, *d.leader_speeches) if sp.speaker.synthetic
            )
            if invented:
                notes.append(f"{group}：发言人{'、'.join(invented)}为演示数据（虚构）。")
        if m.oath is not None and m.oath.leader and m.oath.leader_synthetic:
            notes.append(
                f"{m.title}宪法宣誓：领誓人（{m.oath.leader}）为演示补充，稿中未写领誓人。"
            )
    return notes


def compose(s: Session) -> Chronicle:
    """The chronicle of one session, from the facts of the meetings held."""
    name = full_name(s.body_name, s.term, s.number) or s.title
    days_total = (s.end_date - s.start_date).days + 1
    title = f"{s.short_title or s.title}纪实"
    if s.ended:
        lead = (
            f"本报讯　{name}于 {span_words(s.start_date, s.end_date)}在{s.venue or '本区'}举行，"
            f"会期{chinese_number(days_total)}天。"
        )
    else:
        lead = (
            f"本报讯　{name}于 {span_words(s.start_date, s.start_date)}"
            f"在{s.venue or '本区'}开幕，会期{chinese_number(days_total)}天。"
        )
    days: dict[date, list[str]] = {}
    for m in s.meetings:
        text = deliberation_paragraph(s, m) if m.kind == GROUP else meeting_paragraph(s, m)
        days.setdefault(m.starts_at.date(), []).append(text)
    return Chronicle(
        title=title,
        lead=lead,
        days=tuple(Day(d, tuple(ps)) for d, ps in sorted(days.items())),
        notes=tuple(_notes(s)),
    )
