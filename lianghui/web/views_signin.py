"""The secretariat's page of locked sign-ins (lianghui/web/signin.py), with an unlock button each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.pages import refusal_shown
from lianghui.people.access import is_secretariat
from lianghui.web import signin


@login_required
def lockouts(request):
    if not is_secretariat(request.user):
        raise Http404()
    return render(
        request,
        "web/lockouts.html",
        {
            "locks": signin.locks(),
            "account_limit": signin.account_limit(),
            "address_limit": signin.address_limit(),
        },
    )


@login_required
@require_POST
def unlock(request):
    if not is_secretariat(request.user):
        raise Http404()
    with refusal_shown(request):
        signin.unlock(request.POST.get("kind", ""), request.POST.get("value", ""), request.user)
        messages.success(request, gettext("已解除锁定。"))
    return redirect("web:lockouts")
