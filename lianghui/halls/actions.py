"""Halls and their layouts, as audited actions (the secretariat's only)."""

from django.db import IntegrityError, transaction

from lianghui.audit.log import record
from lianghui.errors import ActionError, PermissionDenied
from lianghui.halls import layout_rules
from lianghui.halls.layout_rules import BlockSpec, LayoutError, SeatSpec
from lianghui.halls.models import Hall, Seat, Venue
from lianghui.halls.seating import refuse_if_published, refuse_if_seated
from lianghui.people.access import is_secretariat
from lianghui.people.roster_rules import RosterFileError, read_table

MAX_NAME = 80


class LayoutRefused(ActionError):
    status = 422

    def __init__(self, error: LayoutError):
        super().__init__("bad_layout", error.message, rows=error.rows)


def _secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise PermissionDenied("只有会务组可以编辑会场和座位。")


def _names(venue_name: str, hall_name: str) -> tuple[str, str]:
    venue_name, hall_name = venue_name.strip(), hall_name.strip()
    if not venue_name or not hall_name:
        raise ActionError("name_required", "请填写会址和会场名称。", status=422)
    if len(venue_name) > 120 or len(hall_name) > MAX_NAME:
        raise ActionError(
            "name_too_long", f"会址最多 120 个字，会场名称最多 {MAX_NAME} 个字。", status=422
        )
    return venue_name, hall_name


def create_hall(
    venue_name: str, hall_name: str, seats: list[SeatSpec], actor, *, synthetic=False
) -> Hall:
    """A new hall with these seats (checked by layout_rules), under its venue."""
    _secretariat(actor)
    venue_name, hall_name = _names(venue_name, hall_name)
    try:
        layout_rules.check(seats)
    except LayoutError as e:
        raise LayoutRefused(e) from None
    try:
        with transaction.atomic():
            venue, _ = Venue.objects.get_or_create(name=venue_name)
            hall = Hall.objects.create(
                venue=venue, name=hall_name, synthetic=synthetic, created_by=_user(actor)
            )
            _store(hall, seats)
            record(
                "halls.hall_created",
                hall,
                actor=actor,
                data=_summary(hall, seats),
            )
    except IntegrityError:
        raise ActionError(
            "hall_exists", f"{venue_name}已有名为“{hall_name}”的会场。", status=409
        ) from None
    return hall


def create_from_blocks(venue_name, hall_name, blocks: list[BlockSpec], actor) -> Hall:
    _secretariat(actor)
    try:
        seats = layout_rules.grid(blocks)
    except LayoutError as e:
        raise LayoutRefused(e) from None
    return create_hall(venue_name, hall_name, seats, actor)


def read_seat_list(data: bytes, filename: str) -> list[SeatSpec]:
    """The seats of an uploaded XLSX (or CSV) seat list; LayoutRefused with row reasons."""
    try:
        rows = read_table(data, filename)
    except RosterFileError as e:
        raise ActionError("bad_file", f"座位表：{e}", status=422) from None
    try:
        return layout_rules.parse_table(rows)
    except LayoutError as e:
        raise LayoutRefused(e) from None


def import_hall(venue_name, hall_name, data: bytes, filename: str, actor) -> Hall:
    _secretariat(actor)
    return create_hall(venue_name, hall_name, read_seat_list(data, filename), actor)


def add_block(hall: Hall, block: BlockSpec, actor) -> Hall:
    """The grid editor's step: one more rectangle of seats. Seats only added, never moved,
    so a seat plan already made keeps every seat it uses."""
    _secretariat(actor)
    with transaction.atomic():
        hall = Hall.objects.select_for_update().get(pk=hall.pk)
        refuse_if_published(hall)
        existing = [_spec(s) for s in hall.seats.all()]
        try:
            new = layout_rules.grid([block])
            layout_rules.check(existing + new)
        except LayoutError as e:
            raise LayoutRefused(e) from None
        _store(hall, new)
        _layout_changed(
            hall,
            "halls.block_added",
            actor,
            {
                "block": new[0].block,
                "rows": block.rows,
                "seats_per_row": block.seats,
                "x": block.x,
                "y": block.y,
                "rostrum": block.rostrum,
            },
        )
    return hall


def remove_block(hall: Hall, block: str, rostrum: bool, actor) -> Hall:
    """Take a block out of the drawing; refused while a seat plan seats anyone there."""
    _secretariat(actor)
    with transaction.atomic():
        hall = Hall.objects.select_for_update().get(pk=hall.pk)
        seats = hall.seats.filter(block=block, rostrum=rostrum)
        if not seats.exists():
            raise ActionError("no_block", f"会场中没有区域“{block}”。", status=404)
        refuse_if_published(hall)
        refuse_if_seated(hall, seats)
        count = seats.count()
        if count == hall.seats.count():
            raise ActionError("last_block", "不能删除会场唯一的区域。", status=409)
        seats.delete()
        _layout_changed(
            hall,
            "halls.block_removed",
            actor,
            {"block": block, "rostrum": rostrum, "seats": count},
        )
    return hall


def _layout_changed(hall: Hall, event: str, actor, data: dict) -> None:
    """The drawing changed: its next version (a seat plan keeps the version it was made on),
    recorded with what changed."""
    hall.layout_version += 1
    hall.save(update_fields=["layout_version"])
    record(event, hall, actor=actor, data={**data, "layout_version": hall.layout_version})


def _store(hall: Hall, seats: list[SeatSpec]) -> None:
    Seat.objects.bulk_create(
        [
            Seat(
                hall=hall,
                block=s.block,
                row=s.row,
                number=s.number,
                x=s.x,
                y=s.y,
                rostrum=s.rostrum,
            )
            for s in seats
        ],
        batch_size=1000,
    )


def _spec(seat: Seat) -> SeatSpec:
    return SeatSpec(seat.block, seat.row, seat.number, seat.x, seat.y, seat.rostrum)


def _summary(hall: Hall, seats: list[SeatSpec]) -> dict:
    return {
        "venue": hall.venue.name,
        "hall": hall.name,
        "seats": len(seats),
        "rostrum_seats": sum(1 for s in seats if s.rostrum),
        "blocks": layout_rules.blocks_of(seats),
        "synthetic": hall.synthetic,
    }


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None
