"""Halls and their seating: list, read, draw from blocks, import a seat list (XLSX)."""

from datetime import datetime
from typing import Literal

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lianghui.errors import ActionError, NotFound, PermissionDenied, row_or_404
from lianghui.halls import actions, seating
from lianghui.halls.layout_rules import BlockSpec
from lianghui.halls.models import Category, Hall, SeatPlan
from lianghui.people.access import is_secretariat, person_of
from lianghui.people.roster_rules import MAX_BYTES
from lianghui.sessions.models import Meeting

router = Router(tags=["halls 会场与座次"])


class HallSummaryOut(Schema):
    id: int
    venue: str
    name: str
    seats: int
    rostrum_seats: int
    layout_version: int
    synthetic: bool


class SeatOut(Schema):
    id: int
    label: str
    block: str
    row: int
    number: int
    x: int
    y: int
    rostrum: bool


class HallOut(HallSummaryOut):
    blocks: list[str]
    seat_list: list[SeatOut]


class BlockIn(Schema):
    name: str = ""
    rows: int
    seats: int
    x: int = 0
    y: int = 0
    rostrum: bool = False
    first_row: int = 1


class HallIn(Schema):
    venue: str
    name: str
    blocks: list[BlockIn]


def _secretariat(request) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied("只有会务组可以查看和编辑会场座位图。")


def _hall(hall_id: int) -> Hall:
    return row_or_404(Hall.objects.select_related("venue"), hall_id, "未找到该会场。")


def summary_out(hall: Hall, seats=None) -> dict:
    seats = list(hall.seats.all()) if seats is None else seats
    return {
        "id": hall.pk,
        "venue": hall.venue.name,
        "name": hall.name,
        "seats": len(seats),
        "rostrum_seats": sum(1 for s in seats if s.rostrum),
        "layout_version": hall.layout_version,
        "synthetic": hall.synthetic,
    }


def hall_out(hall: Hall) -> dict:
    from lianghui.halls.layout_rules import blocks_of

    seats = list(hall.seats.all())
    return {
        **summary_out(hall, seats),
        "blocks": blocks_of(seats),
        "seat_list": [
            {
                "id": s.pk,
                "label": s.label,
                "block": s.block,
                "row": s.row,
                "number": s.number,
                "x": s.x,
                "y": s.y,
                "rostrum": s.rostrum,
            }
            for s in seats
        ],
    }


@router.get("/", response=list[HallSummaryOut], summary="会场列表")
def list_halls(request):
    _secretariat(request)
    return [summary_out(h) for h in Hall.objects.select_related("venue").prefetch_related("seats")]


@router.post("/import", response={201: HallOut}, summary="从座位表（XLSX）导入新会场")
def import_hall(request, venue: Form[str], name: Form[str], file: File[UploadedFile]):
    _secretariat(request)
    # Refused before the upload is read into memory.
    if file.size and file.size > max(MAX_BYTES.values()):
        limit = max(MAX_BYTES.values()) // (1024 * 1024)
        raise ActionError("file_too_large", f"座位表文件超过 {limit} MB。", status=422)
    hall = actions.import_hall(venue, name, file.read(), file.name or "", request.user)
    return Status(201, hall_out(hall))


@router.get("/{hall_id}", response=HallOut, summary="会场及其全部座位")
def get_hall(request, hall_id: int):
    _secretariat(request)
    return hall_out(_hall(hall_id))


@router.post("/", response={201: HallOut}, summary="按区域绘制新会场（网格）")
def create_hall(request, payload: HallIn):
    blocks = [BlockSpec(**b.dict()) for b in payload.blocks]
    hall = actions.create_from_blocks(payload.venue, payload.name, blocks, request.user)
    return Status(201, hall_out(hall))


@router.post("/{hall_id}/blocks", response={201: HallOut}, summary="向会场添加一个区域")
def add_block(request, hall_id: int, payload: BlockIn):
    _secretariat(request)
    hall = actions.add_block(_hall(hall_id), BlockSpec(**payload.dict()), request.user)
    return Status(201, hall_out(hall))


# Seat plans (座次) --------------------------------------------------------------------


class PlanIn(Schema):
    hall_id: int
    order: str = "strokes"
    rostrum_ids: list[int] | None = None
    nonvoting_org_ids: list[int] = []
    nonvoting_person_ids: list[int] = []
    guest_person_ids: list[int] = []
    reserved: dict[str, list[str]] = {}


class PlacedOut(Schema):
    seat_id: int
    label: str
    rostrum: bool
    person_id: int
    name: str
    category: str
    locked: bool


class PlanOut(Schema):
    id: int
    meeting_id: int
    hall_id: int
    hall: str
    state: str
    version: int
    order: str
    layout_version: int
    counts: dict[str, int]
    seats: list[PlacedOut]


class MoveIn(Schema):
    person_id: int
    seat_id: int
    reason: str = ""


class LockIn(Schema):
    seat_id: int
    locked: bool = True
    reason: str = ""


class MySeatOut(Schema):
    meeting_id: int
    meeting: str
    starts_at: datetime
    hall: str
    seat: str
    version: int


def _meeting(meeting_id: int) -> Meeting:
    return row_or_404(Meeting.objects.select_related("session__term"), meeting_id, "未找到该会议。")


def _plan(meeting: Meeting) -> SeatPlan:
    plan = SeatPlan.objects.select_related("hall__venue").filter(meeting=meeting).first()
    if plan is None:
        raise NotFound(f"{meeting}尚未编排座次。")
    return plan


def _secretariat_plan(request, meeting_id: int) -> SeatPlan:
    """The meeting's seat plan, to the secretariat (403 to anyone else, then 404 for a missing
    meeting or plan)."""
    _secretariat(request)
    return _plan(_meeting(meeting_id))


def plan_out(plan: SeatPlan) -> dict:
    rows = list(plan.assignments.select_related("seat", "person").order_by("seat__y", "seat__x"))
    counts = {c: 0 for c in Category.values}
    for a in rows:
        counts[a.category] += 1
    return {
        "id": plan.pk,
        "meeting_id": plan.meeting_id,
        "hall_id": plan.hall_id,
        "hall": str(plan.hall),
        "state": plan.state,
        "version": plan.version,
        "order": plan.order,
        "layout_version": plan.layout_version,
        "counts": counts,
        "seats": [
            {
                "seat_id": a.seat_id,
                "label": a.seat.label,
                "rostrum": a.seat.rostrum,
                "person_id": a.person_id,
                "name": a.person.name,
                "category": a.category,
                "locked": a.locked,
            }
            for a in rows
        ],
    }


@router.get("/me/seats", response=list[MySeatOut], summary="我的座位（已发布的座次表）")
def my_seats(request):
    person = person_of(request.user)
    if person is None:
        raise NotFound("此账号未关联代表或委员。")
    return [
        {
            "meeting_id": a.plan.meeting_id,
            "meeting": str(a.plan.meeting),
            "starts_at": a.plan.meeting.starts_at,
            "hall": str(a.plan.hall),
            "seat": a.seat.label,
            "version": a.plan.version,
        }
        for a in seating.published_seats_of(person)
    ]


@router.get("/meetings/{meeting_id}/seating", response=PlanOut, summary="会议的座次表")
def get_plan(request, meeting_id: int):
    return plan_out(_secretariat_plan(request, meeting_id))


@router.post("/meetings/{meeting_id}/seating", response={201: PlanOut}, summary="按规则编排座次")
def make_plan(request, meeting_id: int, payload: PlanIn):
    _secretariat(request)
    meeting = _meeting(meeting_id)
    plan = seating.make_plan(
        meeting,
        _hall(payload.hall_id),
        request.user,
        order=payload.order,
        rostrum=payload.rostrum_ids,
        nonvoting_orgs=payload.nonvoting_org_ids,
        nonvoting_people=payload.nonvoting_person_ids,
        guests=payload.guest_person_ids,
        reserved=payload.reserved,
    )
    return Status(201, plan_out(plan))


@router.post("/meetings/{meeting_id}/seating/moves", response=PlanOut, summary="调整座位（对调）")
def move_seat(request, meeting_id: int, payload: MoveIn):
    plan = _secretariat_plan(request, meeting_id)
    plan = seating.move(plan, payload.person_id, payload.seat_id, request.user, payload.reason)
    return plan_out(plan)


@router.post("/meetings/{meeting_id}/seating/locks", response=PlanOut, summary="锁定或解锁座位")
def lock_seat(request, meeting_id: int, payload: LockIn):
    plan = _secretariat_plan(request, meeting_id)
    plan = seating.set_locked(plan, payload.seat_id, payload.locked, request.user, payload.reason)
    return plan_out(plan)


@router.post("/meetings/{meeting_id}/seating/publish", response=PlanOut, summary="发布座次表")
def publish_plan(request, meeting_id: int):
    return plan_out(seating.publish(_secretariat_plan(request, meeting_id), request.user))


# --- the printed papers (the same PDFs as the seat plan's page) ----------------------------

PDF_DOC = {
    "responses": {
        "200": {
            "description": "PDF 文件（Noto CJK 字体）",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _pdf(data: bytes, name: str):
    from django.http import HttpResponse

    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/meetings/{meeting_id}/seating/chart.pdf",
    summary="座次图（PDF；整个会场，或 group= 某代表团、界别）",
    openapi_extra=PDF_DOC,
)
def chart_pdf(request, meeting_id: int, paper: Literal["A3", "A4"] = "A3", group: str = ""):
    from lianghui.halls import printing

    plan = _secretariat_plan(request, meeting_id)
    data = printing.chart_pdf(plan, paper, group.strip() or None)
    return _pdf(data, f"seat-chart-{meeting_id}")


@router.get(
    "/meetings/{meeting_id}/seating/rostrum.pdf", summary="主席台座次（PDF）", openapi_extra=PDF_DOC
)
def rostrum_pdf(request, meeting_id: int):
    from lianghui.halls import printing

    return _pdf(
        printing.rostrum_pdf(_secretariat_plan(request, meeting_id)), f"rostrum-{meeting_id}"
    )


@router.get(
    "/meetings/{meeting_id}/seating/cards.pdf",
    summary="桌签（PDF；默认主席台，all=true 为全体）",
    openapi_extra=PDF_DOC,
)
def cards_pdf(request, meeting_id: int, all: bool = False):
    from lianghui.halls import printing

    plan = _secretariat_plan(request, meeting_id)
    return _pdf(printing.cards_pdf(plan, everyone=all), f"name-cards-{meeting_id}")


@router.get(
    "/meetings/{meeting_id}/seating/badges.pdf",
    summary="代表证（PDF；含签到二维码和座位）",
    openapi_extra=PDF_DOC,
)
def badges_pdf(request, meeting_id: int):
    from lianghui.halls import printing

    return _pdf(printing.badges_pdf(_secretariat_plan(request, meeting_id)), f"badges-{meeting_id}")
