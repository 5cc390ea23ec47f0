"""The agenda of a meeting: add an item, change it, put the items in order.

Spec: the secretariat; an item belongs to a meeting of the session being set up (an item
sent for a meeting of another session is refused, naming the field); a new item goes last
unless given a place, and the items after it move down; a new order names every item of
the meeting once. Events: sessions.item_added, sessions.item_changed,
sessions.agenda_reordered.

Who decides: before the session's presidium is elected the agenda is the draft the standing
committee prepares for the preparatory meeting, which adopts it (LOL 17), and the secretariat
enters it. Once a congress session has its presidium, the meetings' schedule and what goes on
their agenda are the presidium's decisions (沪议事规则 14, 23–24): adding, changing or
reordering an item of such a meeting cites an adopted agenda decision of the presidium, and
is refused without one. The presidium app, which builds on sessions, plugs that check in
(register_agenda_gate); the event then records the decision cited.
"""

from dataclasses import dataclass
from typing import Protocol

from django.db import transaction
from django.db.models import F

from lianghui.audit.log import record
from lianghui.people.models import Person
from lianghui.rows import next_number
from lianghui.sessions.models import AgendaItem, ItemKind, Meeting, Session
from lianghui.sessions.setup import _base
from lianghui.sessions.setup_rules import check_order

# Orders are moved out of the way by this much while renumbering (unique per meeting).
_ASIDE = 10_000


@dataclass(frozen=True)
class ItemDraft:
    title: str
    kind: str = ItemKind.OTHER
    presenter: Person | None = None
    presenter_title: str = ""
    notes: str = ""


class AgendaGate(Protocol):
    def required(self, meeting: Meeting) -> bool:
        """Whether the meeting's agenda is changed only by a cited decision."""

    def cite(self, meeting: Meeting, decision, actor):
        """The decision (or its id) cited for the meeting's agenda, checked; refuses when
        one is required and none is given; None when none is needed nor given."""


class _Unwired:
    """No body decides the agenda (the presidium app not installed): the secretariat's
    entry stands, and a decision cited cannot be checked."""

    def required(self, meeting: Meeting) -> bool:
        return False

    def cite(self, meeting: Meeting, decision, actor):
        if decision not in (None, ""):
            raise _base.refuse("decision", "主席团决定：本系统未启用主席团，不能引用其决定。")
        return None


_gate: AgendaGate = _Unwired()


def register_agenda_gate(gate: AgendaGate | None) -> None:
    """Plug in the presidium's agenda decisions (lianghui.presidium); None unplugs it."""
    global _gate
    _gate = gate or _Unwired()


def agenda_decision_required(meeting: Meeting) -> bool:
    return _gate.required(meeting)


def _cited(meeting: Meeting, decision, actor) -> int | None:
    cited = _gate.cite(meeting, decision, actor)
    return cited.pk if cited is not None else None


def _check(draft: ItemDraft) -> None:
    if not draft.title.strip():
        raise _base.refuse("title", "议题：请填写议题名称。")
    if draft.kind not in ItemKind.values:
        raise _base.refuse("kind", "类型：未知的议程类型。")


def _same_session(meeting: Meeting, session: Session | None) -> None:
    if session is not None and meeting.session_id != session.pk:
        raise _base.refuse("meeting", f"所属会议：“{meeting.title}”不是{session.title}的会议。")


def _fields(draft: ItemDraft) -> dict:
    return {
        "title": draft.title.strip()[:200],
        "kind": draft.kind,
        "presenter": draft.presenter,
        "presenter_title": draft.presenter_title.strip()[:100],
        "notes": draft.notes.strip(),
    }


def add_item(
    meeting: Meeting,
    draft: ItemDraft,
    actor,
    *,
    session: Session | None = None,
    order=None,
    decision=None,
) -> AgendaItem:
    _base.require_secretariat(actor)
    _same_session(meeting, session)
    _check(draft)
    with transaction.atomic():
        Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        cited = _cited(meeting, decision, actor)
        items = AgendaItem.objects.filter(meeting=meeting)
        following = next_number(items)
        if order is None or order >= following:
            order = following
        elif order < 1:
            raise _base.refuse("order", "顺序：应为正整数。")
        else:
            # Move the later items down, out of the way first (order is unique per meeting).
            later = items.filter(order__gte=order)
            later.update(order=F("order") + _ASIDE)
            later = AgendaItem.objects.filter(meeting=meeting, order__gte=_ASIDE)
            later.update(order=F("order") - _ASIDE + 1)
        item = AgendaItem.objects.create(meeting=meeting, order=order, **_fields(draft))
        record(
            "sessions.item_added",
            item,
            actor=actor,
            data={
                "meeting": meeting.pk,
                "order": order,
                "title": item.title,
                "kind": item.kind,
                "presenter": item.presenter_id,
                "presidium_decision": cited,
            },
        )
    return item


def update_item(item: AgendaItem, draft: ItemDraft, actor, *, decision=None) -> AgendaItem:
    _base.require_secretariat(actor)
    _check(draft)
    with transaction.atomic():
        item = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting__session__term__body")
            .get(pk=item.pk)
        )
        cited = _cited(item.meeting, decision, actor)
        diff = _base.apply_changes(item, _fields(draft))
        if diff:
            item.save(update_fields=list(diff))
            record(
                "sessions.item_changed",
                item,
                actor=actor,
                data={"changes": diff, "presidium_decision": cited},
            )
    return item


def reorder(meeting: Meeting, item_ids: list[int], actor, *, decision=None) -> None:
    _base.require_secretariat(actor)
    with transaction.atomic():
        Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        cited = _cited(meeting, decision, actor)
        items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
        problems = check_order(list(items), item_ids)
        if problems:
            raise _base.SetupRefused(problems)
        AgendaItem.objects.filter(meeting=meeting).update(order=F("order") + _ASIDE)
        for order, pk in enumerate(item_ids, start=1):
            items[pk].order = order
        AgendaItem.objects.bulk_update(items.values(), ["order"])
        record(
            "sessions.agenda_reordered",
            meeting,
            actor=actor,
            data={"items": list(item_ids), "presidium_decision": cited},
        )
