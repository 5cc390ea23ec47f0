"""The secretariat's hall pages: the list, a hall's chart with the grid editor, the import."""

from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lianghui.errors import ActionError
from lianghui.halls import actions, chart, printing, seating
from lianghui.halls.layout_rules import (
    MAX_GRID,
    MAX_ROW_NUMBER,
    MAX_SEAT_NUMBER,
    BlockSpec,
    blocks_of,
)
from lianghui.halls.models import Category, Hall, Order, SeatPlan
from lianghui.people.access import is_secretariat
from lianghui.people.models import BODY_KINDS, Organisation
from lianghui.people.roster_rules import MAX_BYTES
from lianghui.sessions import roster
from lianghui.sessions.models import Meeting


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


@contextmanager
def _refusal_shown(request):
    """As pages.refusal_shown, for the hall pages, whose actions' refusals are in the message
    catalogue: the next page shows the refusal in the reader's language."""
    try:
        yield
    except ActionError as e:
        messages.error(request, gettext(e.message))


def _form_action(request, form, act, done: str, then):
    """A form's action: with the form valid and the action done, `done` is the next page's
    message and `then(result)` the redirect to it; otherwise None (the caller shows the form
    again), the refusal, in the reader's language, put on the form."""
    if not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except ActionError as e:
        form.add_error(None, gettext(e.message))
        return None
    messages.success(request, done)
    return then(result)


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
    return _form_action(
        request,
        form,
        lambda d: actions.create_from_blocks(d["venue"], d["hall"], [form.block()], request.user),
        gettext("会场已创建。"),
        lambda hall: redirect("halls:hall", pk=hall.pk),
    ) or _list(request, new=form, status=422)


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
    return _form_action(
        request,
        form,
        lambda d: actions.add_block(hall, form.block(), request.user),
        gettext("区域已添加。"),
        lambda _: redirect("halls:hall", pk=hall.pk),
    ) or _hall_page(request, hall, form, status=422)


@login_required
@require_POST
def remove_block(request, pk: int):
    _secretariat(request)
    hall = get_object_or_404(Hall.objects.select_related("venue"), pk=pk)
    with _refusal_shown(request):
        actions.remove_block(
            hall, request.POST.get("block", ""), request.POST.get("rostrum") == "1", request.user
        )
        messages.success(request, gettext("区域已删除。"))
    return redirect("halls:hall", pk=hall.pk)


# Seat plans (座次) --------------------------------------------------------------------


class PlanForm(forms.Form):
    hall = forms.ModelChoiceField(
        label=pgettext_lazy("model", "会场"), queryset=Hall.objects.select_related("venue")
    )
    order = forms.ChoiceField(label=_("排序方式"), choices=Order.choices, initial=Order.STROKES)
    nonvoting_orgs = forms.ModelMultipleChoiceField(
        label=_("列席机关（其全体成员列席）"),
        queryset=Organisation.objects.filter(kind__in=BODY_KINDS),
        required=False,
    )
    nonvoting_block = forms.CharField(label=_("列席人员区域"), max_length=40, required=False)


def _seating_meeting(request, pk):
    _secretariat(request)
    return get_object_or_404(Meeting.objects.select_related("session__term"), pk=pk)


def _seating_page(request, meeting, form=None, status=200):
    plan = SeatPlan.objects.select_related("hall__venue").filter(meeting=meeting).first()
    context = {"meeting": meeting, "plan": plan, "form": form or PlanForm()}
    if plan is not None:
        rows = {a.seat_id: a for a in plan.assignments.select_related("person")}
        seats = list(plan.hall.seats.all())

        def css(seat):
            a = rows.get(seat.pk)
            if a is None:
                return ""
            return ("locked " if a.locked else "") + (
                "taken" if a.category in ("member", "rostrum") else a.category
            )

        context |= {
            "chart": chart.draw(
                seats, css=css, names=lambda s: rows[s.pk].person.name if s.pk in rows else ""
            ),
            "counts": [
                (Category(c).label, sum(1 for a in rows.values() if a.category == c))
                for c in Category.values
            ],  # fmt: skip
            "groups": sorted(set(roster.member_groups(meeting).values()) - {""}),
            "rostrum": sorted(
                (a for a in rows.values() if a.category == Category.ROSTRUM),
                key=lambda a: a.seat_id,
            ),
        }
    return render(request, "halls/seating.html", context, status=status)


@login_required
def seating_page(request, pk: int):
    return _seating_page(request, _seating_meeting(request, pk))


@login_required
@require_POST
def seating_make(request, pk: int):
    meeting = _seating_meeting(request, pk)
    form = PlanForm(request.POST)

    def make(data):
        block = data["nonvoting_block"].strip()
        return seating.make_plan(
            meeting,
            data["hall"],
            request.user,
            order=data["order"],
            nonvoting_orgs=[o.pk for o in data["nonvoting_orgs"]],
            reserved={"nonvoting": [block]} if block else {},
        )

    return _form_action(
        request,
        form,
        make,
        gettext("座次已按规则编排。"),
        lambda _: redirect("halls:seating", pk=meeting.pk),
    ) or _seating_page(request, meeting, form, status=422)


def _plan_or_404(meeting) -> SeatPlan:
    plan = SeatPlan.objects.select_related("hall").filter(meeting=meeting).first()
    if plan is None:
        raise Http404()
    return plan


def _seat_by_label(plan: SeatPlan, label: str):
    seat = next((s for s in plan.hall.seats.all() if s.label == label), None)
    if seat is None:
        raise ActionError("no_such_seat", f"{plan.hall}没有座位“{label}”。")
    return seat


def _plan_step(request, pk: int, step) -> HttpResponse:
    """A step on a meeting's seat plan (404 if there is none): `step(plan)` runs with its
    refusal shown as the message on the seating page, where the post goes back to."""
    meeting = _seating_meeting(request, pk)
    plan = _plan_or_404(meeting)
    with _refusal_shown(request):
        step(plan)
    return redirect("halls:seating", pk=meeting.pk)


@login_required
@require_POST
def seating_move(request, pk: int):
    name = request.POST.get("name", "").strip()
    label = request.POST.get("seat", "").strip()

    def move(plan):
        people = list(
            plan.assignments.filter(person__name=name).values_list("person_id", flat=True)
        )
        if not people:
            raise ActionError("not_in_plan", f"座次表中没有“{name}”。")
        if len(people) > 1:
            raise ActionError("ambiguous", f"座次表中有多人名为“{name}”，请在接口中按编号调整。")
        seat = _seat_by_label(plan, label)
        seating.move(plan, people[0], seat.pk, request.user, request.POST.get("reason", ""))
        messages.success(request, gettext("座位已调整。"))

    return _plan_step(request, pk, move)


@login_required
@require_POST
def seating_lock(request, pk: int):
    label = request.POST.get("seat", "").strip()

    def lock(plan):
        seat = _seat_by_label(plan, label)
        locked = request.POST.get("locked") != "0"
        seating.set_locked(plan, seat.pk, locked, request.user, request.POST.get("reason", ""))
        messages.success(request, gettext("座位已锁定。") if locked else gettext("座位已解锁。"))

    return _plan_step(request, pk, lock)


@login_required
@require_POST
def seating_publish(request, pk: int):
    def publish(plan):
        seating.publish(plan, request.user)
        messages.success(request, gettext("座次表已发布。"))

    return _plan_step(request, pk, publish)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def seating_chart_pdf(request, pk: int):
    meeting = _seating_meeting(request, pk)
    paper = request.GET.get("paper", "A3")
    if paper not in printing.PAPERS:
        paper = "A3"
    group = request.GET.get("group", "").strip() or None
    data = printing.chart_pdf(_plan_or_404(meeting), paper, group)
    return _pdf(data, f"seat-chart-{meeting.pk}")


@login_required
def seating_rostrum_pdf(request, pk: int):
    meeting = _seating_meeting(request, pk)
    return _pdf(printing.rostrum_pdf(_plan_or_404(meeting)), f"rostrum-{meeting.pk}")


@login_required
def seating_cards_pdf(request, pk: int):
    meeting = _seating_meeting(request, pk)
    data = printing.cards_pdf(_plan_or_404(meeting), everyone=request.GET.get("all") == "1")
    return _pdf(data, f"name-cards-{meeting.pk}")


@login_required
def seating_badges_pdf(request, pk: int):
    meeting = _seating_meeting(request, pk)
    return _pdf(printing.badges_pdf(_plan_or_404(meeting)), f"badges-{meeting.pk}")
