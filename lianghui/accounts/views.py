"""The secretariat's slips page, and the two ways a delegate signs in with a slip."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from lianghui import pdf
from lianghui.accounts import actions, printing, roster, rules, throttle
from lianghui.errors import ActionError
from lianghui.people.access import is_secretariat
from lianghui.people.models import Organisation
from lianghui.sessions.models import Session

HOME = "web:home"
SIGNED_IN_BY = "django.contrib.auth.backends.ModelBackend"


def _session_for_secretariat(request, pk: int) -> Session:
    if not is_secretariat(request.user):
        raise Http404()
    session = Session.objects.select_related("term__body").filter(pk=pk).first()
    if session is None:
        raise Http404()
    return session


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
def slips_page(request, pk: int):
    session = _session_for_secretariat(request, pk)
    org_id = _int(request.GET.get("org"))
    rows = roster.rows(session, timezone.now(), organisation_id=org_id)
    counts = {state: 0 for state in ["missing", *rules.SlipState]}
    signed_in = 0
    for row in rows:
        counts[row.state or "missing"] += 1
        signed_in += row.last_login is not None
    groups = Organisation.objects.filter(
        parent_id=session.term.body_id, kind__in=roster.GROUP_KINDS
    )
    return render(
        request,
        "accounts/slips.html",
        {
            "session": session,
            "page": Paginator(rows, 100).get_page(request.GET.get("page")),
            "total": len(rows),
            "counts": counts,
            "signed_in": signed_in,
            "groups": groups,
            "org_id": org_id,
            "default_days": rules.DEFAULT_VALID_DAYS,
            "max_days": rules.MAX_VALID_DAYS,
        },
    )


def _pdf_response(request, issue: actions.Issue, name: str) -> HttpResponse:
    pdf = printing.slips_pdf(
        issue,
        lambda token: request.build_absolute_uri(reverse("accounts:signin_link", args=[token])),
        request.build_absolute_uri(reverse("accounts:signin_code")),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"  # the slips' secrets are in it
    return response


def _cannot_print(request, pk: int):
    """Slips are issued only where they can be printed: their secrets are in the PDF alone."""
    if pdf.cjk_fonts_installed():
        return None
    messages.error(request, gettext(pdf.FontsMissing().message))
    return redirect("accounts:slips", pk=pk)


@login_required
@require_POST
def print_slips(request, pk: int):
    session = _session_for_secretariat(request, pk)
    if refused := _cannot_print(request, pk):
        return refused
    org_id = _int(request.POST.get("org"))
    try:
        issue = actions.issue_slips(
            session,
            request.user,
            valid_days=_int(request.POST.get("valid_days"), 0),
            organisation_id=org_id,
            only_missing=request.POST.get("all") != "1",
        )
    except ActionError as e:
        messages.error(request, gettext(e.message))
        return redirect("accounts:slips", pk=pk)
    if not issue.printed:
        messages.info(request, gettext("没有需要签发的人员：每人都已有有效的签到条。"))
        return redirect("accounts:slips", pk=pk)
    return _pdf_response(request, issue, f"signin-slips-{session.pk}")


@login_required
@require_POST
def reissue(request, pk: int, person_pk: int):
    session = _session_for_secretariat(request, pk)
    if refused := _cannot_print(request, pk):
        return refused
    try:
        issue = actions.issue_slips(
            session,
            request.user,
            valid_days=_int(request.POST.get("valid_days"), rules.DEFAULT_VALID_DAYS),
            person_ids=[person_pk],
            only_missing=False,
        )
    except ActionError as e:
        messages.error(request, gettext(e.message))
        return redirect("accounts:slips", pk=pk)
    if not issue.printed:
        person, reason = issue.skipped[0]
        messages.error(request, f"{person.name} — {gettext(reason)}")
        return redirect("accounts:slips", pk=pk)
    return _pdf_response(request, issue, f"signin-slip-{person_pk}")


@login_required
@require_POST
def revoke(request, pk: int, slip_pk: int):
    _session_for_secretariat(request, pk)
    try:
        slip = actions.revoke_slip(slip_pk, request.user, request.POST.get("reason", ""))
        messages.success(
            request, gettext("已作废 %(name)s 的签到条。") % {"name": slip.person.name}
        )
    except ActionError as e:
        messages.error(request, gettext(e.message))
    return redirect(f"{reverse('accounts:slips', args=[pk])}?{request.GET.urlencode()}")


# ------------------------------------------------------------------ signing in with a slip
def _refused(request, code: str, message: str, status: int):
    return render(
        request,
        "accounts/signin_refused.html",
        {"code": code, "message": gettext(message)},
        status=status,
    )


def _throttled(request):
    return _refused(request, "throttled", rules.THROTTLED, 429)


def _signed_in(request, user):
    login(request, user, backend=SIGNED_IN_BY)
    messages.success(request, gettext("登录成功。此设备将保持登录。"))
    return redirect(HOME)


@require_http_methods(["GET", "HEAD", "POST"])
def signin_link(request, token: str):
    """GET shows whose slip it is and a button; POST uses the slip up. A GET never uses it:
    phones and chat apps open links to preview them, and a preview must not spend the slip."""
    address = throttle.address_of(request)
    if throttle.blocked(address):
        return _throttled(request)
    if request.method == "POST":
        try:
            return _signed_in(request, actions.redeem(token=token))
        except ActionError as e:
            if e.code == "unknown_slip":
                throttle.failed(address)
            return _refused(request, e.code, e.message, e.status)
    slip = actions.slip_by_token(token)
    if slip is None:
        throttle.failed(address)
        return _refused(request, "unknown_slip", rules.UNKNOWN, 404)
    state = slip.state()
    if state == rules.SlipState.USED and slip.person.user_id == request.user.pk:
        messages.info(request, gettext("您已在此设备上登录。"))
        return redirect(HOME)
    if state != rules.SlipState.VALID:
        return _refused(request, f"slip_{state}", rules.REFUSALS[state], 410)
    return render(request, "accounts/signin_confirm.html", {"slip": slip})


@require_http_methods(["GET", "HEAD", "POST"])
def signin_code(request):
    """The short code typed in, for a phone whose camera cannot read the QR code."""
    address = throttle.address_of(request)
    error = None
    status = 200
    if request.method == "POST":
        if throttle.blocked(address):
            return _throttled(request)
        try:
            return _signed_in(request, actions.redeem(code=request.POST.get("code", "")))
        except ActionError as e:
            if e.code == "unknown_slip":
                throttle.failed(address)
            error, status = gettext(e.message), e.status
    return render(
        request,
        "accounts/signin_code.html",
        {"error": error, "typed": request.POST.get("code", "")},
        status=status,
    )
