"""The secretariat's hall pages: the list, a hall's chart with the grid editor, the import."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lianghui.errors import ActionError
from lianghui.halls import actions, chart
from lianghui.halls.layout_rules import (
    MAX_GRID,
    MAX_ROW_NUMBER,
    MAX_SEAT_NUMBER,
    BlockSpec,
    blocks_of,
)
from lianghui.halls.models import Hall
from lianghui.people.access import is_secretariat
from lianghui.people.roster_rules import MAX_BYTES


class BlockForm(forms.Form):
    name = forms.CharField(label=_("区域名称"), max_length=40, required=False)
    rostrum = forms.BooleanField(label=_("主席台"), required=False)
    rows = forms.IntegerField(label=_("排数"), min_value=1, max_value=MAX_ROW_NUMBER)
    seats = forms.IntegerField(label=_("每排座位数"), min_value=1, max_value=MAX_SEAT_NUMBER)
    first_row = forms.IntegerField(
        label=_("起始排号"), min_value=1, max_value=MAX_ROW_NUMBER, initial=1
    )
    x = forms.IntegerField(label=_("左起第几格"), min_value=0, max_value=MAX_GRID - 1, initial=0)
    y = forms.IntegerField(label=_("上起第几格"), min_value=0, max_value=MAX_GRID - 1, initial=0)

    def block(self) -> BlockSpec:
        return BlockSpec(**self.cleaned_data)


class NewHallForm(BlockForm):
    venue = forms.CharField(label=_("会址"), max_length=120)
    hall = forms.CharField(label=_("会场名称"), max_length=80)
    field_order = ["venue", "hall"]

    def block(self) -> BlockSpec:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("venue", "hall")}
        return BlockSpec(**data)


class ImportForm(forms.Form):
    venue = forms.CharField(label=_("会址"), max_length=120)
    hall = forms.CharField(label=_("会场名称"), max_length=80)
    file = forms.FileField(label=_("座位表（.xlsx）"))


def _secretariat(request) -> None:
    # The pages are the secretariat's: anyone else is told they do not exist.
    if not is_secretariat(request.user):
        raise Http404()


def _list(request, new=None, upload=None, bad_rows=None, status=200):
    halls = Hall.objects.select_related("venue").prefetch_related("seats")
    rows = [(h, len(h.seats.all())) for h in halls]
    return render(
        request,
        "halls/list.html",
        {
            "halls": rows,
            "new_form": new or NewHallForm(initial={"rows": 10, "seats": 20}),
            "import_form": upload or ImportForm(),
            "bad_rows": bad_rows or [],
        },
        status=status,
    )


@login_required
def hall_list(request):
    _secretariat(request)
    return _list(request)


@login_required
@require_POST
def hall_create(request):
    _secretariat(request)
    form = NewHallForm(request.POST)
    if form.is_valid():
        try:
            hall = actions.create_from_blocks(
                form.cleaned_data["venue"], form.cleaned_data["hall"], [form.block()], request.user
            )
        except ActionError as e:
            form.add_error(None, gettext(e.message))
        else:
            messages.success(request, gettext("会场已创建。"))
            return redirect("halls:hall", pk=hall.pk)
    return _list(request, new=form, status=422)


@login_required
@require_POST
def hall_import(request):
    _secretariat(request)
    form = ImportForm(request.POST, request.FILES)
    bad_rows = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > max(MAX_BYTES.values()):
                raise ActionError("file_too_large", "座位表文件太大。")
            hall = actions.import_hall(
                form.cleaned_data["venue"],
                form.cleaned_data["hall"],
                upload.read(),
                upload.name,
                request.user,
            )
        except ActionError as e:
            form.add_error("file", gettext(e.message))
            bad_rows = e.details.get("rows", [])
        else:
            messages.success(request, gettext("座位表已导入。"))
            return redirect("halls:hall", pk=hall.pk)
    return _list(request, upload=form, bad_rows=bad_rows, status=422)


def _hall_page(request, hall, form=None, status=200):
    seats = list(hall.seats.all())
    blocks = [
        (b, sum(1 for s in seats if s.block == b and not s.rostrum)) for b in blocks_of(seats)
    ]
    rostrum = sum(1 for s in seats if s.rostrum)
    next_y = max((s.y for s in seats), default=-2) + 2
    return render(
        request,
        "halls/hall.html",
        {
            "hall": hall,
            "chart": chart.draw(seats),
            "seat_count": len(seats),
            "blocks": blocks,
            "rostrum": rostrum,
            "form": form or BlockForm(initial={"rows": 5, "seats": 10, "y": next_y}),
        },
        status=status,
    )


@login_required
def hall_detail(request, pk: int):
    _secretariat(request)
    return _hall_page(request, get_object_or_404(Hall.objects.select_related("venue"), pk=pk))


@login_required
@require_POST
def add_block(request, pk: int):
    _secretariat(request)
    hall = get_object_or_404(Hall.objects.select_related("venue"), pk=pk)
    form = BlockForm(request.POST)
    if form.is_valid():
        try:
            actions.add_block(hall, form.block(), request.user)
        except ActionError as e:
            form.add_error(None, gettext(e.message))
        else:
            messages.success(request, gettext("区域已添加。"))
            return redirect("halls:hall", pk=hall.pk)
    return _hall_page(request, hall, form, status=422)


@login_required
@require_POST
def remove_block(request, pk: int):
    _secretariat(request)
    hall = get_object_or_404(Hall.objects.select_related("venue"), pk=pk)
    try:
        actions.remove_block(
            hall, request.POST.get("block", ""), request.POST.get("rostrum") == "1", request.user
        )
        messages.success(request, gettext("区域已删除。"))
    except ActionError as e:
        messages.error(request, gettext(e.message))
    return redirect("halls:hall", pk=hall.pk)
