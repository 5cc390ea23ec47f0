"""Halls and their seating: list, read, draw from blocks, import a seat list (XLSX)."""

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lianghui.errors import ActionError, NotFound, PermissionDenied
from lianghui.halls import actions
from lianghui.halls.layout_rules import BlockSpec
from lianghui.halls.models import Hall
from lianghui.people.access import is_secretariat
from lianghui.people.roster_rules import MAX_BYTES

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
    hall = Hall.objects.select_related("venue").filter(pk=hall_id).first()
    if hall is None:
        raise NotFound("未找到该会场。")
    return hall


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
