"""What every proposals action shares: the lock, the move and its event, numbers, uploads."""

import logging
import os
from datetime import date

from django.conf import settings
from django.utils import timezone

from lianghui import errors, rows, uploads
from lianghui.audit.log import record
from lianghui.errors import ActionError
from lianghui.people.models import Membership
from lianghui.proposals import rules, stored_workflow
from lianghui.proposals.models import (
    Assignment,
    Attachment,
    Filer,
    Filing,
    ProposalSettings,
    Reply,
    Signature,
)
from lianghui.sessions.rules import check_document

log = logging.getLogger("lianghui.proposals")


def refuse(code: str, message: str, status: int = 409, **details) -> ActionError:
    return errors.refusal(code, message, status, log=log, **details)


def invalid(code: str, message: str, **details) -> ActionError:
    return errors.invalid(code, message, log=log, **details)


def today() -> date:
    return timezone.localdate()


def clean(text: str | None, limit: int | None = None) -> str:
    text = (text or "").strip()
    return text[:limit] if limit else text


def require(text: str | None, code: str, message: str, limit: int | None = None) -> str:
    text = clean(text, limit)
    if not text:
        raise invalid(code, message)
    return text


def locked(filing_id: int) -> Filing:
    return rows.locked(Filing, filing_id, "body", "session", "organisation")


def locked_assignment(assignment: Assignment) -> tuple[Filing, Assignment]:
    """The filing, then the unit's assignment of it, both locked (always in that order, so
    two steps on one filing never wait on each other crosswise)."""
    filing = locked(assignment.filing_id)
    assignment = rows.locked(Assignment, assignment.pk, "unit")
    return filing, assignment


def replied(assignment: Assignment) -> bool:
    """The unit has answered in the assignment's current round."""
    return Reply.objects.filter(assignment=assignment, round=assignment.round).exists()


def deadlines(body_id: int) -> rules.Deadlines:
    return ProposalSettings.for_body(body_id).deadlines()


def move(filing: Filing, target: str, action: str, actor, data=None, fields=()) -> None:
    """Write the new state (and any other changed fields) and the event, in the caller's
    transaction. Entering a terminal state (per the stored table) stamps closed_at."""
    before = filing.state
    filing.state = target
    fields = ["state", *fields]
    if (
        target != before
        and filing.closed_at is None
        and stored_workflow.is_terminal(filing.kind, target)
    ):
        filing.closed_at = timezone.now()
        fields.append("closed_at")
    filing.save(update_fields=fields)
    record(
        f"proposals.{action}",
        filing,
        actor=actor,
        data={"from": before, "to": target, **(data or {})},
    )


def member_word(body) -> str:
    return "代表" if body.kind == "congress" else "委员"


def voting_member_ids(body, day: date, person_ids) -> set[int]:
    """Those of `person_ids` who are delegates (members) of the body on `day`."""
    return set(
        Membership.objects.voting_in(body, day)
        .filter(person_id__in=list(person_ids))
        .values_list("person_id", flat=True)
    )


def next_number(filing: Filing) -> int:
    """The next number of this kind in the session (or, between sessions, the year).

    Locking the body's settings row serialises numbering (PostgreSQL); SQLite's IMMEDIATE
    transaction already holds the write lock.
    """
    ProposalSettings.objects.get_or_create(body_id=filing.body_id)
    ProposalSettings.objects.select_for_update(of=("self",)).get(body_id=filing.body_id)
    same = Filing.objects.filter(body_id=filing.body_id, kind=filing.kind, number__isnull=False)
    if filing.session_id:
        same = same.filter(session_id=filing.session_id)
    else:
        same = same.filter(session__isnull=True, year=filing.year)
    return rows.next_number(same, "number")


def derive(filing: Filing, kind: str, state: str, actor) -> Filing:
    """A new filing made from this one (a motion handled as a suggestion, a proposal turned
    into an opinion report), with the same text and confirmed filers."""
    new = Filing(
        kind=kind,
        body_id=filing.body_id,
        session_id=filing.session_id,
        year=filing.year,
        title=filing.title,
        grounds=filing.grounds,
        solution=filing.solution,
        text=filing.text,
        subject=filing.subject,
        filer_type=filing.filer_type,
        organisation_id=filing.organisation_id,
        group_id=filing.group_id,
        state=state,
        origin=filing,
        created_by=actor,
        submitted_at=timezone.now(),
        synthetic=filing.synthetic,
    )
    new.number = next_number(new)
    new.save()
    Filer.objects.bulk_create(
        f.carried_to(new, lead=f.lead, order=f.order)
        for f in filing.filers.filter(signature=Signature.CONFIRMED)
    )
    record(
        "proposals.derived",
        new,
        actor=actor,
        data={"from": filing.pk, "kind": kind, "state": state, "number": new.number},
    )
    return new


def check_uploads(files) -> list[tuple[str, bytes, str]]:
    """Every file must be a PDF or Word document by its content; refused before any write."""
    checked = []
    for filename, data in files:
        result = check_document(filename, data, settings.LIANGHUI_MAX_DOCUMENT_BYTES)
        if not result.ok:
            raise invalid("bad_document", f"附件“{os.path.basename(filename)}”：{result.reason}")
        checked.append((filename, data, result.content_type))
    return checked


def store_uploads(filing: Filing, checked, actor, reply=None) -> list[Attachment]:
    """Store checked files under random names; the caller's transaction records them. If the
    transaction fails, the files written so far are removed."""
    stored = []
    with uploads.removed_if_failed(stored):
        for filename, data, content_type in checked:
            attachment = Attachment(
                filing=filing,
                reply=reply,
                **uploads.described(filename, data, content_type),
                uploaded_by=actor,
            )
            uploads.write(attachment, data)
            stored.append(attachment)
            attachment.save()
    return stored
