"""The second factor's pages (lianghui/web/second_factor.py): the code page after the password
(enrolment with a QR code the first time), and the secretariat's list of accounts with a
reset button each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.errors import ActionError
from lianghui.pages import refusal_shown
from lianghui.people.access import is_secretariat
from lianghui.web import second_factor


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return "/"


@login_required
def code(request):
    """Enrol (no authenticator yet) or type the code (one is bound)."""
    user = request.user
    if not (second_factor.enabled() and second_factor.needs_second_factor(user)):
        raise Http404()
    if second_factor.verified(user):
        return redirect(_next(request))
    enrolled = second_factor.confirmed_device(user) is not None
    error, status = "", 200
    if request.method == "POST":
        try:
            if enrolled:
                second_factor.verify(request, request.POST.get("code", ""))
            else:
                second_factor.enrol(request, request.POST.get("code", ""))
                messages.success(request, gettext("验证器已绑定，今后每次登录都须输入验证码。"))
        except ActionError as exc:
            error, status = exc.message, exc.status
        else:
            return redirect(_next(request))
    context = {"enrolled": enrolled, "error": error, "next": _next(request)}
    if not enrolled:
        device = second_factor.pending_device(user)
        context |= {
            "qr": second_factor.qr_data_uri(device),
            "secret": second_factor.secret_text(device),
        }
    return render(request, "web/second_factor.html", context, status=status)


@login_required
def accounts(request):
    if not is_secretariat(request.user):
        raise Http404()
    enrolled = set(
        second_factor.TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True)
    )
    rows = [
        {"user": user, "enrolled": user.pk in enrolled}
        for user in second_factor.accounts_needing_it()
    ]
    return render(
        request,
        "web/second_factor_accounts.html",
        {"rows": rows, "required": second_factor.enabled()},
    )


@login_required
@require_POST
def reset(request):
    if not is_secretariat(request.user):
        raise Http404()
    try:
        user_id = int(request.POST.get("user", ""))
    except ValueError:
        user_id = 0
    with refusal_shown(request):
        second_factor.reset(user_id, request.user, request.POST.get("reason", ""))
        messages.success(request, gettext("已重置该账号的验证器；其下次登录时须重新绑定。"))
    return redirect("web:second_factor_accounts")
