"""What every app's pages share, below them all: a gate's NotFound becomes the 404 page."""

from django.http import Http404

from lianghui.errors import NotFound


def gate(fn, *args):
    """Call an access gate (access.meeting_for, election_for, …); to whoever may not see the
    object, the page does not exist."""
    try:
        return fn(*args)
    except NotFound as e:
        raise Http404(e.message) from None
