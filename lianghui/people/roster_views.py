"""The roster import page: upload, preview every row's problems, confirm.

Nothing is stored until the secretariat confirms: the preview keeps the uploaded file in
the cache (for an hour, under a random key tied to the user), and the confirmation runs
the import, which checks everything again.
"""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lianghui.errors import ActionError
from lianghui.people import importer, roster_rules
from lianghui.people.access import is_secretariat
from lianghui.people.models import BODY_KINDS, Organisation

KEPT_FOR = 3600  # seconds a previewed file waits for its confirmation


class RosterForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("人大或政协机关"), queryset=Organisation.objects.filter(kind__in=BODY_KINDS)
    )
    file = forms.FileField(label=_("名单文件（.xlsx 或 .csv）"))


def _key(user, token: str) -> str:
    return f"roster-preview:{user.pk}:{token}"


@login_required
def roster_import(request):
    if not is_secretariat(request.user):
        raise Http404()
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm(request)
    form = RosterForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        body, upload = form.cleaned_data["body"], form.cleaned_data["file"]
        try:
            if upload.size > max(roster_rules.MAX_BYTES.values()):
                raise ActionError("file_too_large", gettext("名单文件太大，请拆分后导入。"))
            data = upload.read()
            preview = importer.preview_roster(data, upload.name, body, request.user)
        except ActionError as e:
            form.add_error("file", e.message)
            status = 422
        else:
            context |= {"preview": preview, "body": body, "filename": upload.name}
            if preview.ok:
                token = secrets.token_urlsafe(16)
                cache.set(_key(request.user, token), (body.pk, upload.name, data), KEPT_FOR)
                context["token"] = token
            else:
                status = 422
    elif request.method == "POST":
        status = 422
    return render(request, "people/import.html", context, status=status)


def _confirm(request):
    token = request.POST.get("token", "")
    kept = cache.get(_key(request.user, token)) if token else None
    if kept is None:
        messages.error(request, gettext("预览已过期或已导入，请重新上传名单。"))
        return redirect("people:import")
    body_id, filename, data = kept
    body = Organisation.objects.get(pk=body_id)
    try:
        result = importer.import_roster(data, filename, body, request.user)
    except ActionError as e:
        messages.error(request, e.message)
        return redirect("people:import")
    cache.delete(_key(request.user, token))
    messages.success(
        request,
        gettext("已导入：新增 %(created)d 人，更新 %(updated)d 人，新增任职 %(memberships)d 项。")
        % {"created": result.created, "updated": result.updated, "memberships": result.memberships},
    )
    return redirect(f"{reverse('people:list')}?org={body.pk}")
