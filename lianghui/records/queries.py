"""Read helpers for the chronicle page, its exports and the API (fixed query counts), and
the session's rows that the chronicle and the open-data export both read."""

from collections import defaultdict
from dataclasses import dataclass, field

from lianghui.elections.models import Election, ElectionState
from lianghui.records import compose
from lianghui.records.models import ChronicleDraft, ChronicleEdit
from lianghui.sessions.models import AgendaItem, Meeting, PresidingOfficer, Session
from lianghui.votes.models import Poll
from lianghui.votes.models import State as PollState


def meetings_of(session: Session) -> list[Meeting]:
    """The session's meetings in the order they start."""
    return list(
        Meeting.objects.filter(session=session).select_related("group").order_by("starts_at", "id")
    )


def officers_by_meeting(**where) -> dict[int, list[PresidingOfficer]]:
    """The presiding officers (``where``: which meetings), with their persons, by meeting."""
    officers: dict[int, list[PresidingOfficer]] = defaultdict(list)
    for o in (
        PresidingOfficer.objects.filter(**where).select_related("person").order_by("order", "id")
    ):
        officers[o.meeting_id].append(o)
    return officers


def items_by_meeting(**where) -> dict[int, list[AgendaItem]]:
    """The agenda items (``where``: which meetings), with their presenters, by meeting."""
    items: dict[int, list[AgendaItem]] = defaultdict(list)
    for i in AgendaItem.objects.filter(**where).select_related("presenter").order_by("order"):
        items[i.meeting_id].append(i)
    return items


def published_polls(**where):
    """The published votes (``where``: which meetings), in the order they were published."""
    return Poll.objects.filter(state=PollState.PUBLISHED, **where).order_by("published_at", "id")


def published_elections(**where):
    """The published elections (``where``: which meetings), with their offices, in the order
    they were published."""
    return (
        Election.objects.filter(state=ElectionState.PUBLISHED, **where)
        .select_related("office")
        .order_by("published_at", "id")
    )


def latest_draft(session: Session) -> ChronicleDraft | None:
    return ChronicleDraft.objects.filter(session=session).order_by("-generated_at", "-id").first()


def latest_edit(session: Session) -> ChronicleEdit | None:
    return (
        ChronicleEdit.objects.filter(session=session)
        .select_related("based_on")
        .order_by("-edited_at", "-id")
        .first()
    )


def published(session: Session) -> ChronicleEdit | None:
    return (
        ChronicleEdit.objects.filter(session=session, published=True)
        .order_by("-published_at", "-id")
        .first()
    )


@dataclass
class Desk:
    """What the secretariat sees: the newest draft, the newest edit, the published version,
    and whether the generated text has changed since the edit was made."""

    draft: ChronicleDraft | None
    edit: ChronicleEdit | None
    published: ChronicleEdit | None
    changes: list[str] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        """The draft was generated again, with a different text, after the edit was made."""
        return bool(self.draft and self.edit and self.edit.based_on.digest != self.draft.digest)

    @property
    def unpublished(self) -> bool:
        """There is an edit newer than what the public sees."""
        return bool(self.edit and not self.edit.published)

    @property
    def working_text(self) -> str:
        """The text the secretariat is working on: the edit, else the draft."""
        if self.edit:
            return self.edit.text
        return self.draft.text if self.draft else ""


def desk(session: Session) -> Desk:
    d = Desk(latest_draft(session), latest_edit(session), published(session))
    if d.stale:
        d.changes = compose.changes(d.edit.based_on.text, d.draft.text)
    return d
