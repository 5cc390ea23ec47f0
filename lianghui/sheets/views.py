"""The sheets as downloads from the pages (the secretariat's): XLSX or PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext

from lianghui.errors import ActionError, NotFound
from lianghui.sheets import render
from lianghui.sheets.catalogue import KINDS


@login_required
def sheet(request, name: str, kind: str, **route):
    spec = KINDS[name]
    try:
        built = spec.build(request, **route)
    except NotFound:
        raise Http404() from None
    except ActionError as e:
        if not spec.back:
            raise
        messages.error(request, gettext(e.message))
        return redirect(spec.back, pk=route["pk"])
    return render.response(built, kind)
