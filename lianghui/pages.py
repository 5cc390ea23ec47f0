"""What every app's pages share, below them all: a gate's NotFound becomes the 404 page, an
action's refusal the message the next page shows, a form's ids are read as numbers, an
uploaded document is handed back."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, Http404

from lianghui.errors import ActionError, NotFound, PermissionDenied


def gate(fn, *args):
    """Call an access gate (access.meeting_for, election_for, …); to whoever may not see the
    object, the page does not exist."""
    try:
        return fn(*args)
    except NotFound as e:
        raise Http404(e.message) from None


@contextmanager
def refusal_shown(request, *, forbidden: bool = False):
    """Run an action for a page that redirects after a post: its refusal becomes the message
    the next page shows, and nothing was changed. With `forbidden`, a refusal for want of
    permission is the 403 page instead (a form only the secretariat is shown)."""
    try:
        yield
    except ActionError as e:
        if forbidden and isinstance(e, PermissionDenied):
            raise Forbidden() from None
        messages.error(request, e.message)


def posted_ids(values) -> list[int]:
    """The ids among a form's values (a multiple choice), as numbers; a value that is not a
    whole number in ASCII digits is passed over."""
    return [int(v) for v in values if str(v).isascii() and str(v).isdigit()]


def posted_id(raw) -> int | None:
    """One id from a form's field, spaces around it aside; None if it is not one."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


def uploaded_file(row) -> FileResponse:
    """A stored upload (a row with its file, content type and name as uploaded) sent back as a
    download: the browser neither guesses another type from its bytes nor keeps a copy."""
    response = FileResponse(
        row.file.open("rb"),
        content_type=row.content_type,
        as_attachment=True,
        filename=row.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
