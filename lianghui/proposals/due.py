"""What is owed, by whom, by when: replies, co-handlers' opinions and ratings still open.

Read by the reminders command and by pages (a unit's to-do list, the secretariat's overdue
list). Deadlines come from each body's settings (rules.Deadlines).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from lianghui.people.models import Membership
from lianghui.proposals import rules
from lianghui.proposals.access import ORG_FILING_ROLES
from lianghui.proposals.models import (
    Assignment,
    CoHandlerOpinion,
    Filer,
    Filing,
    HandlingRole,
    ProposalSettings,
    Rating,
    Reply,
    Signature,
)
from lianghui.proposals.models.handling import REPLYING_ROLES

HANDLING = ("assigned", "rehandling")
WHAT = {"reply": "答复", "co_opinion": "会办意见", "rating": "评价"}


@dataclass(frozen=True)
class Due:
    what: str  # "reply", "co_opinion" or "rating"
    filing: Filing
    due: date
    assignment: Assignment | None = None
    reply: Reply | None = None

    @property
    def key(self) -> str:
        """Stable for one deadline: a new round or an extension makes a new key."""
        if self.what == "rating":
            return f"rating:{self.reply.pk}:{self.due}"
        return f"{self.what}:{self.assignment.pk}:{self.assignment.round}:{self.due}"

    @property
    def who(self) -> str:
        if self.what == "rating":
            return "提出人"
        return str(self.assignment.unit)

    def sentence(self, today: date) -> str:
        left = rules.days_left(today, self.due)
        when = f"逾期 {-left} 天" if left < 0 else ("今天到期" if left == 0 else f"{left} 天后到期")
        with translation.override("zh-hans"):  # a Chinese sentence: its number label too
            number = self.filing.number_label
        return (
            f"{number}{self.filing.kind_word}“{self.filing.title}”："
            f"{self.who}{WHAT[self.what]}，期限 {self.due:%Y年%m月%d日}，{when}"
        )


@dataclass(frozen=True)
class CoOpinions:
    """A filing's co-handling units now: the opinions they sent for their current round, and
    those still missing (each an Assignment, with its own deadline)."""

    received: list[CoHandlerOpinion]
    missing: list[Assignment]

    def missing_pairs(self) -> list[tuple[str, date]]:
        """(unit name, deadline) per missing opinion, for rules.check_reply_waits."""
        return [(str(a.unit), a.effective_due) for a in self.missing]


def co_opinions(filing: Filing) -> CoOpinions:
    """What the lead (or split) unit has from its co-handlers, and what it still waits for."""
    co = list(
        Assignment.objects.filter(filing=filing, active=True, role=HandlingRole.CO)
        .select_related("unit")
        .order_by("id")
    )
    sent = {
        (o.assignment_id, o.round): o
        for o in CoHandlerOpinion.objects.filter(assignment__in=co).select_related(
            "assignment__unit"
        )
    }
    received, missing = [], []
    for a in co:
        opinion = sent.get((a.pk, a.round))
        if opinion is None:
            missing.append(a)
        else:
            received.append(opinion)
    return CoOpinions(received, missing)


def _deadlines() -> dict[int, rules.Deadlines]:
    return {c.body_id: c.deadlines() for c in ProposalSettings.objects.all()}


def open_duties(today: date | None = None) -> list[Due]:
    """Every open duty, soonest deadline first."""
    today = today or timezone.localdate()
    replied = Reply.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"))
    opined = CoHandlerOpinion.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"))
    assignments = (
        Assignment.objects.filter(active=True, filing__state__in=HANDLING)
        .annotate(replied=Exists(replied), opined=Exists(opined))
        .select_related("filing", "unit")
    )
    duties = []
    for a in assignments:
        if a.role in REPLYING_ROLES and not a.replied:
            duties.append(Due("reply", a.filing, a.effective_due, assignment=a))
        elif a.role == HandlingRole.CO and not a.opined:
            duties.append(Due("co_opinion", a.filing, a.effective_due, assignment=a))
    per_body = _deadlines()
    unrated = (
        Reply.objects.filter(filing__state__in=("replied", "rehandling"), assignment__active=True)
        .exclude(Exists(Rating.objects.filter(reply=OuterRef("pk"))))
        .select_related("filing", "assignment", "unit")
    )
    for r in unrated:
        if r.round == r.assignment.round:
            d = per_body.get(r.filing.body_id, rules.LAW)
            duties.append(Due("rating", r.filing, rules.rating_due(r.replied_on, d), reply=r))
    return sorted(duties, key=lambda d: (d.due, d.filing.pk, d.what))


def overdue(today: date | None = None) -> list[Due]:
    today = today or timezone.localdate()
    return [d for d in open_duties(today) if d.due < today]


def filer_person_ids(filing: Filing) -> list[int]:
    """Who rates: the lead filer, or an organisation filer's officers."""
    if filing.by_people:
        return list(
            filing.filers.filter(lead=True, signature=Signature.CONFIRMED).values_list(
                "person_id", flat=True
            )
        )
    return list(
        Membership.objects.active_on(timezone.localdate())
        .filter(organisation_id=filing.organisation_id, role__in=ORG_FILING_ROLES)
        .values_list("person_id", flat=True)
    )


@dataclass(frozen=True)
class FilerStep:
    what: str  # "confirm" (co-sign), "submit" (own draft) or "rate" (a reply to rate)
    filing: Filing


def for_filer(person_id: int, limit: int = 10) -> list[FilerStep]:
    """What a delegate or member must do on their own filings, oldest first.

    Confirm a co-signature they were asked for; submit a draft they lead; rate a reply to a
    filing they lead (the current round's, not yet rated).
    """
    steps = [
        FilerStep("confirm", f.filing)
        for f in Filer.objects.filter(
            person_id=person_id, lead=False, signature=Signature.PENDING, filing__state="draft"
        ).select_related("filing")[:limit]
    ]
    leads = Filer.objects.filter(person_id=person_id, lead=True, signature=Signature.CONFIRMED)
    steps += [
        FilerStep("submit", f)
        for f in Filing.objects.filter(state="draft", pk__in=leads.values("filing_id")).order_by(
            "created_at"
        )[:limit]
    ]
    unrated = (
        Reply.objects.filter(
            filing__state__in=("replied", "rehandling"),
            assignment__active=True,
            filing_id__in=leads.values("filing_id"),
        )
        .exclude(Exists(Rating.objects.filter(reply=OuterRef("pk"))))
        .select_related("filing", "assignment")
        .order_by("replied_on", "id")
    )
    seen = set()
    for r in unrated:
        if r.round == r.assignment.round and r.filing_id not in seen:
            seen.add(r.filing_id)
            steps.append(FilerStep("rate", r.filing))
    return steps[:limit]
