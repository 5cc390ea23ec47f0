"""Edit a person, or one of their memberships, with the reason recorded (secretariat)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lianghui.errors import ActionError
from lianghui.people import actions
from lianghui.people.access import is_secretariat
from lianghui.people.models import Gender, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonForm(forms.ModelForm):
    reason = forms.CharField(label=_("修改原因"), max_length=200, required=False)

    class Meta:
        model = Person
        fields = ["name", "gender", "ethnicity", "birth_date", "work", "mobile"]
        widgets = {"birth_date": DATE}


class MembershipForm(forms.Form):
    title = forms.CharField(label=_("职务"), max_length=100, required=False)
    start = forms.DateField(label=_("起始日期"), widget=DATE, required=False)
    end = forms.DateField(label=_("终止日期"), widget=DATE, required=False)
    reason = forms.CharField(label=_("修改原因"), max_length=200, required=False)


@login_required
def edit_person(request, pk: int):
    if not is_secretariat(request.user):
        raise Http404()
    person = get_object_or_404(Person, pk=pk)
    memberships = list(person.memberships.select_related("organisation"))
    step = request.POST.get("step") if request.method == "POST" else None
    form = PersonForm(request.POST if step == "person" else None, instance=person, prefix="p")
    rows = [
        (
            m,
            MembershipForm(
                request.POST if step == f"m{m.pk}" else None,
                initial={"title": m.title, "start": m.start, "end": m.end},
                prefix=f"m{m.pk}",
            ),
        )
        for m in memberships
    ]
    target = form if step == "person" else next((f for m, f in rows if step == f"m{m.pk}"), None)
    if target is not None and target.is_valid():
        data = dict(target.cleaned_data)
        reason = data.pop("reason")
        try:
            if target is form:
                # ModelForm validation changed the instance in memory; the action reloads it.
                actions.edit_person(Person(pk=pk), data, reason, request.user)
            else:
                membership = next(m for m, f in rows if f is target)
                actions.edit_membership(membership, data, reason, request.user)
        except ActionError as e:
            field = e.details.get("field")
            target.add_error(field if field in target.fields else None, e.message)
        else:
            messages.success(request, gettext("已保存，修改原因已记入审计日志。"))
            return redirect("people:edit", pk=pk)
    return render(
        request,
        "people/edit.html",
        {"person": person, "form": form, "rows": rows, "genders": Gender.choices},
        status=422 if request.method == "POST" else 200,
    )
