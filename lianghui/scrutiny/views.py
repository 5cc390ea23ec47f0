from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from lianghui.errors import NotFound
from lianghui.people.access import person_of
from lianghui.scrutiny.access import tally_key_for


@login_required
def tally_key(request, pk: int):
    """The ceremony's page: its progress for everyone; for a trustee, the device's part."""
    try:
        key = tally_key_for(request.user, pk)
    except NotFound:
        raise Http404() from None
    person = person_of(request.user)
    me = key.trustees.filter(person=person).first() if person else None
    return render(
        request,
        "scrutiny/tally_key.html",
        {"key": key, "trustees": key.trustees.select_related("person"), "me": me},
    )
