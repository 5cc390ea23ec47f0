"""A hall's seating as data: blocks of rows of seats, the rostrum's rows. No Django here.

A seat is named by its block (区), row (排) and number (号) and drawn at a grid position
(x, y) on the chart: the chart is seen from the hall, the rostrum at the top (small y),
x growing to the audience's right. Aisles are the empty grid columns and rows between
blocks; they are not stored.

Two ways in, both checked here before anything is stored:
- ``grid``: rectangles of seats (a block of so many rows of so many seats at a position),
  what the grid editor on the hall page draws;
- ``parse_table``: a seat list from an XLSX the venue already has, one seat a row, with
  the Chinese column headers of ``HEADERS``. Every row is checked and every problem is
  returned with its spreadsheet row number; one bad row rejects the whole file.
"""

from dataclasses import dataclass

from lianghui.people.roster_rules import cell_text

# The largest hall we draw: the Great Hall of the People seats about 10,000.
MAX_SEATS = 10_000
MAX_ROW_NUMBER = 200
MAX_SEAT_NUMBER = 500
MAX_GRID = 1_000  # grid positions per axis
MAX_BLOCK_NAME = 40

ROSTRUM = "主席台"
BLOCK, ROW, NUMBER, X, Y, KIND = "区域", "排", "号", "列", "行", "类型"
HEADER_ALIASES = {
    "区": BLOCK,
    "分区": BLOCK,
    "排号": ROW,
    "座号": NUMBER,
    "座位号": NUMBER,
    "横坐标": X,
    "纵坐标": Y,
    "座位类型": KIND,
}
REQUIRED = (BLOCK, ROW, NUMBER)
KINDS = {"": False, "座席": False, "会场": False, ROSTRUM: True}
AISLE = 2  # grid columns left empty between blocks laid out side by side


class LayoutError(Exception):
    """The layout as a whole is refused; ``rows`` holds {row, errors} where a row is at fault."""

    def __init__(self, message: str, rows: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.rows = rows or []


@dataclass(frozen=True, order=True)
class SeatSpec:
    block: str
    row: int
    number: int
    x: int
    y: int
    rostrum: bool = False

    @property
    def label(self) -> str:
        return seat_label(self.block, self.row, self.number, self.rostrum)


def seat_label(block: str, row: int, number: int, rostrum: bool) -> str:
    """'中区3排12号'; the rostrum: '主席台1排5号'."""
    return f"{ROSTRUM if rostrum else block}{row}排{number}号"


@dataclass(frozen=True)
class BlockSpec:
    """A rectangle of seats: ``rows`` rows of ``seats`` seats, its first seat at (x, y).

    Rows are numbered from ``first_row`` towards the back; seats 1, 2, … from the
    audience's left, as most halls number them.
    """

    name: str
    rows: int
    seats: int
    x: int
    y: int
    rostrum: bool = False
    first_row: int = 1


def grid(blocks: list[BlockSpec]) -> list[SeatSpec]:
    """Every seat of the blocks; LayoutError naming the first block at fault."""
    seats = []
    for i, b in enumerate(blocks, 1):
        name = b.name.strip()
        problem = _block_problem(name, b)
        if problem:
            raise LayoutError(f"第 {i} 个区域（{name or '未命名'}）：{problem}")
        for r in range(b.rows):
            for n in range(b.seats):
                seats.append(
                    SeatSpec(
                        ROSTRUM if b.rostrum else name,
                        b.first_row + r,
                        n + 1,
                        b.x + n,
                        b.y + r,
                        b.rostrum,
                    )
                )
        if len(seats) > MAX_SEATS:
            raise LayoutError(f"座位过多：一个会场最多 {MAX_SEATS} 个座位。")
    check(seats)
    return seats


def _block_problem(name: str, b: BlockSpec) -> str | None:
    if not name and not b.rostrum:
        return "请填写区域名称"
    if len(name) > MAX_BLOCK_NAME:
        return f"区域名称最多 {MAX_BLOCK_NAME} 个字"
    if not 1 <= b.rows <= MAX_ROW_NUMBER or not 1 <= b.first_row <= MAX_ROW_NUMBER:
        return f"排数须在 1 到 {MAX_ROW_NUMBER} 之间"
    if b.first_row + b.rows - 1 > MAX_ROW_NUMBER:
        return f"排号不能超过 {MAX_ROW_NUMBER}"
    if not 1 <= b.seats <= MAX_SEAT_NUMBER:
        return f"每排座位数须在 1 到 {MAX_SEAT_NUMBER} 之间"
    if b.x < 0 or b.y < 0 or b.x + b.seats > MAX_GRID or b.y + b.rows > MAX_GRID:
        return f"位置须在 0 到 {MAX_GRID} 之间"
    return None


def check(seats: list[SeatSpec]) -> None:
    """LayoutError if two seats share a name or a place on the chart, or none is left."""
    if not seats:
        raise LayoutError("会场没有任何座位。")
    if len(seats) > MAX_SEATS:
        raise LayoutError(f"座位过多：一个会场最多 {MAX_SEATS} 个座位。")
    names, places = {}, {}
    for s in seats:
        key = (s.rostrum, s.block, s.row, s.number)
        if key in names:
            raise LayoutError(f"座位“{s.label}”出现了两次。")
        names[key] = s
        if (s.x, s.y) in places:
            raise LayoutError(f"座位“{s.label}”与“{places[(s.x, s.y)].label}”画在同一位置。")
        places[(s.x, s.y)] = s


# The seat list (XLSX) -------------------------------------------------------------------


def parse_table(rows: list[list]) -> list[SeatSpec]:
    """The seats of a seat list whose first row is the header; LayoutError with row reasons.

    列/行 (the chart position) are optional, but all rows give both or none: without them
    the chart is laid out here — the rostrum's rows at the top, the blocks side by side in
    the order they first appear, an aisle between them, each row at its number.
    """
    rows = [r for r in rows if any(cell_text(v) for v in r)]
    if not rows:
        raise LayoutError("座位表是空的：第一行应为表头（区域、排、号）。")
    columns = _header(rows[0])
    missing = [h for h in REQUIRED if h not in columns]
    if missing:
        raise LayoutError(
            f"座位表缺少必填列：{'、'.join(missing)}。"
            f"第一行应为表头：{'、'.join(REQUIRED)}，可选 {X}、{Y}、{KIND}（{ROSTRUM}或座席）。"
        )
    if len(rows) - 1 > MAX_SEATS:
        raise LayoutError(f"座位过多：一个会场最多 {MAX_SEATS} 个座位。")
    problems: dict[int, list[str]] = {}
    parsed = []
    for index, values in enumerate(rows[1:], 2):
        cells = {h: cell_text(values[c]) if c < len(values) else "" for h, c in columns.items()}
        seat, errors = _parse_row(cells)
        if errors:
            problems[index] = errors
        else:
            parsed.append((index, seat))
    positioned = {i for i, s in parsed if s[3] is not None}
    if positioned and len(positioned) != len(parsed):
        for i, _ in parsed:
            if i not in positioned:
                problems.setdefault(i, []).append(f"其他行填写了{X}和{Y}，本行也须填写")
    if problems:
        raise LayoutError(
            f"座位表有 {len(problems)} 行有误，整个文件未导入。请改正后重新上传。",
            [{"row": r, "errors": e} for r, e in sorted(problems.items())],
        )
    seats = _placed(parsed) if positioned else _laid_out([s for _, s in parsed])
    by_key: dict = {}
    clashes: dict[int, list[str]] = {}
    for (index, _), seat in zip(parsed, seats, strict=True):
        for key, what in (
            ((seat.rostrum, seat.block, seat.row, seat.number), "座位"),
            ((seat.x, seat.y), "位置"),
        ):
            if key in by_key:
                clashes.setdefault(index, []).append(
                    f"{what}与第 {by_key[key]} 行重复：{seat.label}"
                )
            else:
                by_key[key] = index
    if clashes:
        raise LayoutError(
            f"座位表有 {len(clashes)} 行有误，整个文件未导入。请改正后重新上传。",
            [{"row": r, "errors": e} for r, e in sorted(clashes.items())],
        )
    check(seats)
    return seats


def _header(values: list) -> dict[str, int]:
    columns = {}
    for c, v in enumerate(values):
        h = cell_text(v).replace(" ", "")
        h = HEADER_ALIASES.get(h, h)
        if h in (BLOCK, ROW, NUMBER, X, Y, KIND) and h not in columns:
            columns[h] = c
    return columns


def _int(text: str, what: str, low: int, high: int) -> tuple[int | None, str | None]:
    text = text.removesuffix(what[-1]) if what in ("排", "号") else text
    try:
        value = int(text)
    except ValueError:
        return None, f"{what}“{text}”不是整数" if text else f"{what}不能为空"
    if not low <= value <= high:
        return None, f"{what}须在 {low} 到 {high} 之间，而不是 {value}"
    return value, None


def _parse_row(cells: dict) -> tuple[tuple | None, list[str]]:
    errors = []
    kind = cells.get(KIND, "")
    if kind not in KINDS:
        errors.append(f"{KIND}须为“{ROSTRUM}”或“座席”，而不是“{kind}”")
    rostrum = KINDS.get(kind, False) or cells[BLOCK] == ROSTRUM
    block = ROSTRUM if rostrum else cells[BLOCK]
    if not block:
        errors.append(f"{BLOCK}不能为空")
    elif len(block) > MAX_BLOCK_NAME:
        errors.append(f"{BLOCK}最多 {MAX_BLOCK_NAME} 个字")
    row, e1 = _int(cells[ROW], ROW, 1, MAX_ROW_NUMBER)
    number, e2 = _int(cells[NUMBER], NUMBER, 1, MAX_SEAT_NUMBER)
    x = y = None
    if cells.get(X, "") or cells.get(Y, ""):
        x, e3 = _int(cells.get(X, ""), X, 0, MAX_GRID - 1)
        y, e4 = _int(cells.get(Y, ""), Y, 0, MAX_GRID - 1)
        errors += [e for e in (e3, e4) if e]
    errors += [e for e in (e1, e2) if e]
    if errors:
        return None, errors
    return (block, row, number, x, y, rostrum), []


def _placed(parsed) -> list[SeatSpec]:
    return [SeatSpec(b, r, n, x, y, ro) for _, (b, r, n, x, y, ro) in parsed]


def _laid_out(specs: list[tuple]) -> list[SeatSpec]:
    """Chart positions for a seat list without them (see parse_table)."""
    rostrum_rows = sorted({r for b, r, n, _, _, ro in specs if ro})
    top = len(rostrum_rows) + 1 if rostrum_rows else 0  # one empty row below the rostrum
    first_row = min((r for b, r, n, _, _, ro in specs if not ro), default=1)
    blocks: list[str] = []
    widths: dict[str, int] = {}
    for b, _, n, _, _, ro in specs:
        if not ro:
            if b not in widths:
                blocks.append(b)
            widths[b] = max(widths.get(b, 0), n)
    left, x = {}, 0
    for b in blocks:
        left[b] = x
        x += widths[b] + AISLE
    floor_width = max(x - AISLE, 0)
    rostrum_width = max((n for b, r, n, _, _, ro in specs if ro), default=0)
    rostrum_left = max((floor_width - rostrum_width) // 2, 0)
    seats = []
    for b, r, n, _, _, ro in specs:
        if ro:
            seats.append(SeatSpec(b, r, n, rostrum_left + n - 1, rostrum_rows.index(r), True))
        else:
            seats.append(SeatSpec(b, r, n, left[b] + n - 1, top + r - first_row, False))
    return seats


def blocks_of(seats) -> list[str]:
    """The floor's block names, front to back and then left to right (the rostrum apart)."""
    first: dict[str, tuple[int, int]] = {}
    for s in seats:
        if not s.rostrum:
            key = (s.y, s.x)
            if s.block not in first or key < first[s.block]:
                first[s.block] = key
    return sorted(first, key=lambda b: (first[b][0], first[b][1]))
