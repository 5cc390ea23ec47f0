"""Statistics of filings: counts, handling, rates, and the yearly figures of opinion reports.

``statistics(body_id, year, kind)`` runs a fixed number of GROUP BY queries (ten, however
many filings there are) and returns plain data for the statistics page, the annual report
and its exports. Python only adds up the grouped rows (tens of them), never the filings.

What is counted (filings made to the body in the year, drafts left out):
- received: every submitted filing, whatever became of it;
- registered (立案 / 受理) and the other review outcomes, by the state each filing is in
  now, so that they add up to the received: registered are those registered or beyond it
  (assigned, replied, rehandling, closed), whether the secretariat registered them or they
  came in registered (a motion the presidium had handled as a suggestion); one registered
  and then merged or withdrawn counts as merged or withdrawn, once;
- 办复率: filings with every lead and split unit's answer in (state replied, rehandling or
  closed), of the filings given to units (assigned or beyond);
- 按期答复率 (rules.on_time_rate): replies within the deadline first set (an extension does
  not count), of all replies, every round;
- 满意率 (rules.satisfaction_rate): 满意 and 基本满意, of all ratings given, every round (a
  filer unsatisfied with the first answer and satisfied with the second counts once each:
  件次, as the replies are counted); rehandled: filings sent back at least once;
- result classes (解决或采纳 …): each unit's latest answer;
- overdue: lead and split units still owing the answer of their current round after its
  deadline (extension included);
- 社情民意信息: submitted, adopted (采用, and anything adopted then forwarded or closed),
  forwarded (报送), and leaders' instructions (批示: reports with one, and how many), per
  sector (the lead's sector, or the filing organisation) and per member (every member who
  signed it, lead or co-signer).
"""

from dataclasses import dataclass, field, fields
from datetime import date
from fractions import Fraction

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from lianghui.proposals import default_workflow as wf
from lianghui.proposals import rules
from lianghui.proposals.models import (
    Assignment,
    FeedbackKind,
    Filer,
    FilerType,
    Filing,
    HandlingRole,
    Kind,
    Rating,
    RatingLevel,
    Reply,
    ResultClass,
    Signature,
    State,
)
from lianghui.proposals.search import narrow

KIND_ORDER = [Kind.MOTION, Kind.SUGGESTION, Kind.PROPOSAL, Kind.OPINION]
# The statistics feed the annual report's text and its exports, official documents in Chinese:
# the labels stay Chinese whatever the reader's language.
KIND_LABELS = {k.value: word for k, word in rules.KIND_WORDS.items()}
FILER_LABELS = rules.FILER_WORDS
HANDLED_KINDS = (Kind.SUGGESTION, Kind.PROPOSAL)
ASSIGNED_STATES = ("assigned", "replied", "rehandling", "closed")
REGISTERED_STATES = ("registered", *ASSIGNED_STATES)
# What review makes of a suggestion or proposal other than registering it: with the
# registered (REGISTERED_STATES) these hold every submitted one, each exactly once.
REVIEW_OUTCOMES = (
    "merged",
    "as_opinion",
    "as_letter",
    "declined",
    "submitted",
    "withdrawn",
)
REPLIED_STATES = ("replied", "rehandling", "closed")
OPEN_HANDLING_STATES = ("assigned", "rehandling")
ADOPTED_STATES = ("adopted", "forwarded", "closed")
FORWARDED_STATES = ("forwarded", "closed")
NO_SUBJECT = "（未分类）"
NO_GROUP = "（未归属代表团或界别）"


def _kinds_in_order(kinds) -> list[str]:
    present = set(kinds)
    return [k.value for k in KIND_ORDER if k.value in present]


@dataclass
class PivotRow:
    key: object
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self, kinds) -> list[int]:
        return [self.counts.get(k, 0) for k in kinds]


@dataclass
class Pivot:
    """Counts of filings by one attribute, with a column per kind."""

    title: str
    kinds: list[str]
    rows: list[PivotRow]

    @property
    def kind_labels(self) -> list[str]:
        return [KIND_LABELS[k] for k in self.kinds]

    @property
    def totals(self) -> list[int]:
        return [sum(r.counts.get(k, 0) for r in self.rows) for k in self.kinds]

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)


def _pivot(title: str, kinds: list[str], rows: dict, order=None) -> Pivot:
    """rows: key -> PivotRow. Ordered by `order` (keys) or by total, largest first."""
    values = list(rows.values())
    if order is not None:
        rank = {k: i for i, k in enumerate(order)}
        values.sort(key=lambda r: (rank.get(r.key, len(rank)), r.label))
    else:
        values.sort(key=lambda r: (-r.total, r.label))
    return Pivot(title, kinds, values)


@dataclass(kw_only=True)
class Counts:
    """What a handling unit did, or all of them together (件次): filings led (主办), split (分办)
    or co-handled (会办), replies and those on time, answers by outcome, ratings, overdue."""

    lead: int = 0
    split: int = 0
    co: int = 0
    overdue: int = 0
    replies: int = 0
    on_time: int = 0
    solved: int = 0
    planned: int = 0
    explained: int = 0
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0

    @property
    def on_time_rate(self) -> Fraction | None:
        return rules.on_time_rate(self.on_time, self.replies)

    @property
    def satisfaction_rate(self) -> Fraction | None:
        return rules.satisfaction_rate(self.satisfied, self.basic, self.unsatisfied)

    @property
    def on_time_percent(self) -> str:
        return rules.percent(self.on_time_rate)

    @property
    def satisfaction_percent(self) -> str:
        return rules.percent(self.satisfaction_rate)


@dataclass
class UnitRow(Counts):
    unit_id: int
    name: str

    @property
    def assigned(self) -> int:
        return self.lead + self.split + self.co


@dataclass
class KindFigures:
    """The life of one kind of filing in the year: review, handling, rates."""

    kind: str
    received: int = 0
    registered: int = 0
    key: int = 0
    assigned: int = 0
    replied: int = 0
    rehandled: int = 0
    states: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def state(self, *codes) -> int:
        return sum(self.states.get(c, 0) for c in codes)

    @property
    def reply_rate(self) -> Fraction | None:
        return rules.rate(self.replied, self.assigned)


@dataclass
class Handling(Counts):
    """Replies and ratings over the handled kinds, summed from the units' rows (件次)."""

    units: int = 0

    @property
    def answers(self) -> int:
        return self.solved + self.planned + self.explained

    @property
    def rated(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied

    def share(self, part: int) -> Fraction | None:
        return rules.rate(part, self.answers)


# The counts of an OpinionRow, as _opinion_counts gives them: summed alike wherever rows add up.
OPINION_COUNTS = ("submitted", "adopted", "forwarded", "instructed", "instructions")


@dataclass
class OpinionRow:
    key: object
    label: str
    submitted: int = 0
    adopted: int = 0
    forwarded: int = 0
    instructed: int = 0  # reports with a leader's instruction
    instructions: int = 0  # instructions in all

    @property
    def adoption_rate(self) -> Fraction | None:
        return rules.rate(self.adopted, self.submitted)

    def add(self, other: "OpinionRow") -> None:
        for name in OPINION_COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class OpinionFigures:
    by_sector: list[OpinionRow]
    by_member: list[OpinionRow]

    @property
    def total(self) -> OpinionRow:
        row = OpinionRow(None, "合计")
        for r in self.by_sector:
            row.add(r)
        return row


@dataclass
class Statistics:
    body_id: int | None
    year: int | None
    kind: str | None
    today: date
    kinds: list[str]
    figures: dict[str, KindFigures]
    by_filer_type: Pivot
    by_group: Pivot
    by_subject: Pivot
    by_state: list[tuple[str, str, str, int]]  # (kind, kind label, state label, count)
    units: list[UnitRow]
    handling: Handling
    opinions: OpinionFigures

    @property
    def received(self) -> int:
        return sum(f.received for f in self.figures.values())

    @property
    def by_kind(self) -> list[tuple[str, str, int]]:
        return [(k, KIND_LABELS[k], self.figures[k].received) for k in self.kinds]

    def kind_figures(self, kind: str) -> KindFigures:
        return self.figures.get(kind) or KindFigures(kind)


def filings_of(body_id=None, year=None, kind=None):
    """The submitted filings counted: drafts are left out."""
    return narrow(Filing.objects.exclude(state=wf.INITIAL), body_id=body_id, year=year, kind=kind)


def kind_figures(base) -> dict[str, KindFigures]:
    """Kind × state (review outcomes, handling progress), key and rehandled filings."""
    figures: dict[str, KindFigures] = {}
    for row in (
        base.order_by()
        .values("kind", "state")
        .annotate(
            n=Count("id"),
            key=Count("id", filter=Q(key=True)),
            again=Count("id", filter=Q(round__gt=1)),
        )
    ):
        f = figures.setdefault(row["kind"], KindFigures(row["kind"]))
        f.states[row["state"]] = row["n"]
        f.received += row["n"]
        f.key += row["key"]
        f.rehandled += row["again"]
        if row["state"] in REGISTERED_STATES:
            f.registered += row["n"]
        if row["state"] in ASSIGNED_STATES:
            f.assigned += row["n"]
        if row["state"] in REPLIED_STATES:
            f.replied += row["n"]
    return figures


def _add_count(rows: dict, key, label: str, row: dict) -> None:
    """Add a grouped row's count (`n`) under its kind to the pivot row `key` (made, with its
    label, the first time: one key may come in more than one grouped row)."""
    r = rows.setdefault(key, PivotRow(key, label))
    r.counts[row["kind"]] = r.counts.get(row["kind"], 0) + row["n"]


def by_filer_type(base, kinds: list[str]) -> Pivot:
    """Kind × filer type (delegate, member, delegation, party or group, …)."""
    rows: dict = {}
    for row in base.order_by().values("kind", "filer_type").annotate(n=Count("id")):
        filer_type = row["filer_type"]
        _add_count(rows, filer_type, FILER_LABELS.get(filer_type, filer_type), row)
    return _pivot("按提出者", kinds, rows, order=[f.value for f in FilerType])


def by_group(base, kinds: list[str]) -> Pivot:
    """Kind × delegation or sector (the lead's), else the organisation that filed."""
    rows: dict = {}
    for row in (
        base.order_by()
        .annotate(g=Coalesce("group_id", "organisation_id"))
        .values("kind", "g", "group__name", "organisation__name")
        .annotate(n=Count("id"))
    ):
        label = row["group__name"] or row["organisation__name"] or NO_GROUP
        _add_count(rows, row["g"], label, row)
    return _pivot("按代表团、界别或提出单位", kinds, rows)


def by_subject(base, kinds: list[str]) -> Pivot:
    """Kind × subject (内容类别)."""
    rows: dict = {}
    for row in base.order_by().values("kind", "subject").annotate(n=Count("id")):
        key = row["subject"] or ""
        _add_count(rows, key, key or NO_SUBJECT, row)
    return _pivot("按内容类别", kinds, rows)


def by_state(figures: dict[str, KindFigures], kinds: list[str]) -> list[tuple[str, str, str, int]]:
    """(kind, its label, state label, count), states in the stored workflow's order."""
    states = {
        (k, c): (label, order)
        for k, c, label, order in State.objects.values_list("kind", "code", "label", "order")
    }
    return [
        (k, KIND_LABELS[k], states.get((k, code), (code, 99))[0], n)
        for k in kinds
        for code, n in sorted(
            figures[k].states.items(), key=lambda item, k=k: states.get((k, item[0]), ("", 99))[1]
        )
    ]


HANDLING_SUMS = tuple(f.name for f in fields(Counts))


def handling_of(units: list[UnitRow]) -> Handling:
    """The units' figures summed."""
    handling = Handling(units=len(units))
    for u in units:
        for name in HANDLING_SUMS:
            setattr(handling, name, getattr(handling, name) + getattr(u, name))
    return handling


def statistics(
    body_id: int | None = None,
    year: int | None = None,
    kind: str | None = None,
    *,
    today: date | None = None,
) -> Statistics:
    today = today or timezone.localdate()
    base = filings_of(body_id, year, kind)
    figures = kind_figures(base)
    kinds = _kinds_in_order(figures)
    units = _units(base.filter(kind__in=HANDLED_KINDS), today)
    return Statistics(
        body_id=body_id,
        year=year,
        kind=kind,
        today=today,
        kinds=kinds,
        figures=figures,
        by_filer_type=by_filer_type(base, kinds),
        by_group=by_group(base, kinds),
        by_subject=by_subject(base, kinds),
        by_state=by_state(figures, kinds),
        units=units,
        handling=handling_of(units),
        opinions=_opinions(base.filter(kind=Kind.OPINION)),
    )


def _units(handled, today: date) -> list[UnitRow]:
    """Per handling unit: assignments by role, overdue, replies, results and ratings."""
    units: dict[int, UnitRow] = {}

    # 6. assignments now in force, by unit and role; overdue answers.
    replied_this_round = Reply.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"))
    overdue = (
        Q(filing__state__in=OPEN_HANDLING_STATES)
        & Q(role__in=[HandlingRole.LEAD, HandlingRole.SPLIT])
        & Q(~Exists(replied_this_round))
        & Q(effective_due__lt=today)
    )
    for row in (
        Assignment.objects.filter(filing__in=handled, active=True)
        .annotate(effective_due=Coalesce("extended_due", "due"))
        .order_by()
        .values("unit_id", "unit__name", "role")
        .annotate(n=Count("filing", distinct=True), late=Count("id", filter=overdue))
    ):
        u = units.setdefault(row["unit_id"], UnitRow(row["unit_id"], row["unit__name"]))
        attr = {HandlingRole.LEAD: "lead", HandlingRole.SPLIT: "split", HandlingRole.CO: "co"}
        setattr(u, attr[row["role"]], getattr(u, attr[row["role"]]) + row["n"])
        u.overdue += row["late"]

    # 7. replies: on time (every round); result class of each unit's latest answer.
    latest = Q(round=F("assignment__round"), assignment__active=True)
    for row in (
        Reply.objects.filter(filing__in=handled)
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(
            n=Count("id"),
            on_time=Count("id", filter=Q(on_time=True)),
            solved=Count("id", filter=latest & Q(result=ResultClass.SOLVED)),
            planned=Count("id", filter=latest & Q(result=ResultClass.PLANNED)),
            explained=Count("id", filter=latest & Q(result=ResultClass.EXPLAINED)),
        )
    ):
        u = units.setdefault(row["unit_id"], UnitRow(row["unit_id"], row["unit__name"]))
        u.replies, u.on_time = row["n"], row["on_time"]
        u.solved, u.planned, u.explained = row["solved"], row["planned"], row["explained"]

    # 8. ratings, every round.
    for row in (
        Rating.objects.filter(reply__filing__in=handled)
        .order_by()
        .values("reply__unit_id", "reply__unit__name")
        .annotate(
            satisfied=Count("id", filter=Q(level=RatingLevel.SATISFIED)),
            basic=Count("id", filter=Q(level=RatingLevel.BASIC)),
            unsatisfied=Count("id", filter=Q(level=RatingLevel.UNSATISFIED)),
        )
    ):
        unit_id = row["reply__unit_id"]
        u = units.setdefault(unit_id, UnitRow(unit_id, row["reply__unit__name"]))
        u.satisfied, u.basic, u.unsatisfied = row["satisfied"], row["basic"], row["unsatisfied"]

    return sorted(units.values(), key=lambda u: (-u.assigned, -u.replies, u.name))


def _opinion_counts(prefix: str = "") -> dict:
    """The four counts of opinion reports, for rows grouped by anything (filings joined
    through `prefix`)."""
    p = prefix
    return {
        "submitted": Count(f"{p}id", distinct=True),
        "adopted": Count(f"{p}id", filter=Q(**{f"{p}state__in": ADOPTED_STATES}), distinct=True),
        "forwarded": Count(
            f"{p}id", filter=Q(**{f"{p}state__in": FORWARDED_STATES}), distinct=True
        ),
        "instructed": Count(
            f"{p}id", filter=Q(**{f"{p}feedback__kind": FeedbackKind.INSTRUCTION}), distinct=True
        ),
        "instructions": Count(
            f"{p}feedback",
            filter=Q(**{f"{p}feedback__kind": FeedbackKind.INSTRUCTION}),
            distinct=True,
        ),
    }


def _opinion_row(key, label, row) -> OpinionRow:
    return OpinionRow(key, label, **{name: row[name] for name in OPINION_COUNTS})


def _opinions(opinions) -> OpinionFigures:
    # 9. per sector (the lead's), else the organisation that filed.
    sectors: dict = {}
    for row in (
        opinions.order_by()
        .annotate(g=Coalesce("group_id", "organisation_id"))
        .values("g", "group__name", "organisation__name")
        .annotate(**_opinion_counts())
    ):
        label = row["group__name"] or row["organisation__name"] or NO_GROUP
        sector = _opinion_row(row["g"], label, row)
        if row["g"] in sectors:  # the same organisation reached through both columns
            sectors[row["g"]].add(sector)
        else:
            sectors[row["g"]] = sector
    # 10. per member who signed (lead or co-signer).
    members = [
        _opinion_row(row["person_id"], row["person__name"], row)
        for row in Filer.objects.filter(filing__in=opinions, signature=Signature.CONFIRMED)
        .order_by()
        .values("person_id", "person__name")
        .annotate(**_opinion_counts("filing__"))
    ]

    def order(r):
        return (-r.submitted, -r.adopted, -r.instructions, r.label)

    return OpinionFigures(sorted(sectors.values(), key=order), sorted(members, key=order))


def years(body_id: int | None = None) -> list[int]:
    """The years that have filings, newest first (for the filters)."""
    qs = filings_of(body_id)
    return sorted(set(qs.order_by().values_list("year", flat=True).distinct()), reverse=True)
