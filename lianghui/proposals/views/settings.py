"""办理设置: the secretariat's page for a body's proposal settings and the motion deadline.

Two forms on one page per body, each calling one action:
- actions.update_settings: township level, whether delegations may file motions, the
  deadlines (never longer than the law: rules.check_deadlines), the holidays and the
  weekend days worked instead (调休);
- actions.set_motion_deadline: the deadline for delegates' motions at a session of a
  congress (set by the presidium at its first meeting, entered by the secretariat).
A refusal comes back in the action's own words, with what was typed still in the form, and
changes nothing.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from lianghui.people.access import is_secretariat
from lianghui.people.models import BODY_KINDS, Organisation, OrgKind
from lianghui.proposals import access, actions, forms
from lianghui.proposals.actions.config import DAYS, NUMBERS, SWITCHES
from lianghui.proposals.models import MotionDeadline, ProposalSettings
from lianghui.proposals.views._common import gate, render_page, take_form
from lianghui.sessions.models import Session


def _secretariat(request) -> None:
    if not is_secretariat(request.user):
        raise Http404()


def _sessions(body) -> list[Session]:
    """A congress's sessions, the latest first (motions are filed to a congress only)."""
    if body.kind != OrgKind.CONGRESS:
        return []
    return list(Session.objects.filter(term__body=body).order_by("-start_date"))


def _label(name: str) -> str:
    return str(ProposalSettings._meta.get_field(name).verbose_name)


def _update_settings(request, body):
    post = request.POST
    changes = {name: forms.yes(post.get(name)) for name in SWITCHES}
    changes |= {name: forms.whole(post.get(name), _label(name)) for name in NUMBERS}
    changes |= {name: forms.days(post.get(name)) for name in DAYS}
    return actions.update_settings(body, request.user, **changes)


def _set_motion_deadline(request, body):
    session_id = forms.number(request.POST.get("session"), "会议")
    session = next((s for s in _sessions(body) if s.pk == session_id), None)
    if session is None:
        raise forms.bad("bad_session", "请选择本级人民代表大会的会议。")
    closes_at = forms.moment(request.POST.get("closes_at"), "截止时间")
    return actions.set_motion_deadline(session, closes_at, request.user)


FORMS = {
    # the form's `action`: (call, what the page says when it is done)
    "settings": (_update_settings, _("办理设置已保存。")),
    "motion_deadline": (_set_motion_deadline, _("议案截止时间已保存。")),
}


@login_required
def settings_home(request):
    """The bodies to choose from; with one body, straight to its settings."""
    _secretariat(request)
    bodies = list(Organisation.objects.filter(kind__in=BODY_KINDS).order_by("kind", "name"))
    if len(bodies) == 1:
        return redirect("proposals:body_settings", pk=bodies[0].pk)
    return render_page(request, "proposals/settings.html", {"bodies": bodies, "body": None})


@login_required
def body_settings(request, pk: int):
    _secretariat(request)
    body = gate(access.body_for, pk)
    error, values, form = None, {}, ""
    if request.method == "POST":
        form = request.POST.get("action", "")
        error = take_form(request, FORMS, body)
        if error is None:
            return redirect("proposals:body_settings", pk=body.pk)
        values = request.POST
    conf = ProposalSettings.for_body(body.pk)
    sessions = _sessions(body)
    deadlines = {d.session_id: d for d in MotionDeadline.objects.filter(session__in=sessions)}
    context = {
        "body": body,
        "conf": conf,
        "error": error,
        "form": form,
        # What the settings form shows: as typed after a refusal, else as stored.
        "settings": values if form == "settings" else _stored(conf),
        "deadline": values if form == "motion_deadline" else {},
        "sessions": [(s, deadlines.get(s.pk)) for s in sessions],
    }
    return render_page(
        request, "proposals/settings.html", context, status=error.status if error else 200
    )


def _stored(conf: ProposalSettings) -> dict:
    values = {name: "1" if getattr(conf, name) else "" for name in SWITCHES}
    values |= {name: str(getattr(conf, name)) for name in NUMBERS}
    values |= {name: "\n".join(getattr(conf, name) or ()) for name in DAYS}
    return values
