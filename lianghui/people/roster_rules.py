"""Roster import rules: read an XLSX or CSV roster and check every row. No Django here.

A roster is a table whose first row holds Chinese column names (order free, extra
columns ignored). `read_table` turns the file into rows of cell values; `parse_roster`
checks all of them and returns either clean rows or every problem found, keyed by the
spreadsheet row number the user sees (the header is row 1). Nothing stops at the first
error: the secretariat fixes a whole file in one pass.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

# A roster bigger than this is not a local congress or CPPCC; refusing early keeps a
# mistaken or hostile upload from holding a worker for minutes. Every limit is checked
# before the cells are read: an XLSX of 100 KB can declare a sheet of 16,384 columns by
# 20,000 rows, which openpyxl would fill in as 300 million empty cells.
MAX_ROWS = 20_000
MAX_COLUMNS = 50  # a roster has about ten; extra columns are allowed and ignored
MAX_CELLS = 400_000  # 20,000 rows of 20 columns
# Uploads by type. XLSX is compressed; what it unpacks to is capped separately.
MAX_BYTES = {"xlsx": 10 * 1024 * 1024, "csv": 5 * 1024 * 1024}
MAX_XLSX_UNPACKED_BYTES = 80 * 1024 * 1024

NAME, GENDER, ETHNICITY, BIRTH, WORK, MOBILE = "姓名", "性别", "民族", "出生年月", "职务", "手机"
DELEGATION, SECTOR = "代表团", "界别"

# Other headers seen in real rosters, mapped to ours.
HEADER_ALIASES = {
    "出生日期": BIRTH,
    "出生年月日": BIRTH,
    "工作单位及职务": WORK,
    "单位及职务": WORK,
    "手机号": MOBILE,
    "手机号码": MOBILE,
    "移动电话": MOBILE,
    "所属代表团": DELEGATION,
    "所在界别": SECTOR,
}

MAX_LENGTHS = {NAME: 40, ETHNICITY: 20, WORK: 200, DELEGATION: 100, SECTOR: 100}

GENDERS = {"男": "M", "女": "F"}

BIRTH_HINT = "请写成 1970.05、1970-05、1970年5月 或 197005"

_MOBILE = re.compile(r"1\d{10}")
_CJK_AND_SPACE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\s]+")
_YEAR_MONTH = re.compile(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?")
_YEAR_MONTH_DAY = re.compile(
    r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
)  # a date cell saved as CSV may carry a time: "1970/5/23 0:00"
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")


class RosterFileError(Exception):
    """The file as a whole cannot be read: wrong format, unreadable, empty, too big."""


@dataclass(frozen=True)
class RosterRow:
    row: int  # spreadsheet row number, header = 1
    name: str
    gender: str  # "M" or "F", as in models.Gender
    group: str  # the delegation's or sector's name
    ethnicity: str = ""
    birth_date: date | None = None
    work: str = ""
    mobile: str = ""

    @property
    def key(self) -> tuple[str, date | None]:
        """How a person is recognised: the same name and month of birth."""
        return (self.name, self.birth_date)


@dataclass
class ParsedRoster:
    rows: list[RosterRow] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)

    def add_error(self, row: int, reason: str) -> None:
        self.errors.setdefault(row, []).append(f"第 {row} 行：{reason}")

    def error_rows(self) -> list[dict]:
        """The problems in the shape the API returns: [{"row": 5, "errors": [...]}, ...]."""
        return [{"row": row, "errors": self.errors[row]} for row in sorted(self.errors)]


# Reading files ------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> list[list]:
    """The rows of the roster's first sheet (or the CSV), as lists of raw cell values."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix not in MAX_BYTES:
        raise RosterFileError("仅支持 .xlsx 和 .csv 文件")
    if len(data) > MAX_BYTES[suffix]:
        raise RosterFileError(
            f"名单文件过大：.{suffix} 文件最多 {MAX_BYTES[suffix] // (1024 * 1024)} MB，请拆分后导入"
        )
    return _read_xlsx(data) if suffix == "xlsx" else _read_csv(data)


def _too_big(what: str) -> RosterFileError:
    return RosterFileError(
        f"名单过大：{what}（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列、共 {MAX_CELLS} 个单元格）。"
        "请删除多余的行列，或把名单复制到一个新的工作表后再导入"
    )


def _read_xlsx(data: bytes) -> list[list]:
    import zipfile

    from openpyxl import load_workbook

    unreadable = RosterFileError(
        "无法读取该 .xlsx 文件：文件已损坏，或不是 Excel 2007 及以后版本的格式"
        "（旧的 .xls 文件请在 Excel 中另存为 .xlsx）"
    )
    try:
        # zipfile stops unpacking a member at its declared size, so the sum bounds the work.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise _too_big(f"解压后超过 {MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MB")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise unreadable from exc
    try:
        sheet = workbook.worksheets[0]
        # The sheet's declared range (<dimension ref="A1:XFD20000"/>), read before any cell.
        width, height = sheet.max_column or 0, sheet.max_row or 0
        if width > MAX_COLUMNS:
            raise _too_big(f"工作表声明了 {width} 列")
        if height > MAX_ROWS + 1:
            raise _too_big(f"工作表声明了 {height} 行")
        if width * height > MAX_CELLS:
            raise _too_big(f"工作表声明了 {width} 列 × {height} 行")
        # A sheet may declare nothing, or less than it holds: read at most MAX_COLUMNS
        # columns of at most MAX_ROWS + 1 rows whatever it says.
        rows = []
        cells = 0
        for values in sheet.iter_rows(
            max_col=min(width or MAX_COLUMNS, MAX_COLUMNS), values_only=True
        ):
            rows.append(list(values))
            cells += len(values)
            if len(rows) > MAX_ROWS + 1:
                raise _too_big(f"超过 {MAX_ROWS} 行")
            if cells > MAX_CELLS:
                raise _too_big(f"超过 {MAX_CELLS} 个单元格")
        return rows
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise unreadable from exc
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[list]:
    text = _decode(data)
    try:
        rows = []
        cells = 0
        for values in csv.reader(io.StringIO(text, newline="")):
            rows.append(values[:MAX_COLUMNS])
            cells += len(values)
            if len(values) > MAX_COLUMNS:
                raise _too_big(f"第 {len(rows)} 行有 {len(values)} 列")
            if len(rows) > MAX_ROWS + 1:
                raise _too_big(f"超过 {MAX_ROWS} 行")
            if cells > MAX_CELLS:
                raise _too_big(f"超过 {MAX_CELLS} 个单元格")
        return rows
    except csv.Error as exc:
        raise RosterFileError(f"无法读取该 CSV 文件：{exc}") from exc


def _decode(data: bytes) -> str:
    # UTF-8 (with or without the BOM Excel writes for "CSV UTF-8") first: GB18030 would
    # decode most UTF-8 bytes too, into nonsense, so the order matters.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # what Chinese Excel writes for plain "CSV"
    except UnicodeDecodeError:
        raise RosterFileError("无法识别 CSV 文件的编码，请以 UTF-8 或 GB18030（GBK）保存") from None


# Cells --------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as trimmed text: 13800138000.0 -> '13800138000', a date -> '1970-05-01'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()  # str.strip() also removes full-width spaces (U+3000)


def clean_name(value) -> str:
    """Chinese rosters pad two-character names to line up ('王　伟'); drop that padding.

    Names with other characters (a middle dot, Latin letters) keep their inner spaces.
    """
    text = cell_text(value)
    if _CJK_AND_SPACE.fullmatch(text):
        return "".join(text.split())
    return " ".join(text.split())


def parse_gender(value) -> tuple[str | None, str | None]:
    """(gender code, None) or (None, reason)."""
    text = cell_text(value)
    if not text:
        return None, "性别不能为空"
    if text in GENDERS:
        return GENDERS[text], None
    return None, f"性别须为“男”或“女”，而不是“{text}”"


def parse_birth_month(value, today: date) -> tuple[date | None, str | None]:
    """A month of birth as the first day of that month: (date or None, None) or (None, reason).

    Accepts 1970.05, 1970.5, 1970-05, 1970/5, 1970年5月, 197005, a full date (the day is
    dropped) and Excel date cells. A number cell 1970.1 is refused: Excel has already
    dropped the zero, so it may have been typed 1970.1 (January) or 1970.10 (October).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime | date):
        return _month(value.year, value.month, today, value)
    if isinstance(value, float) and not value.is_integer():
        year = int(value)
        hundredths = round((value - year) * 100)
        if abs((value - year) * 100 - hundredths) > 1e-6:
            return None, f"出生年月“{value}”无法识别，{BIRTH_HINT}"
        if hundredths == 10:
            return None, (
                f"出生年月“{value}”有歧义（1 月还是 10 月？），"
                "请把该单元格设为文本格式，写成 1970.01 或 1970.10"
            )
        # 1970.05 -> 5, 1970.12 -> 12; 1970.5 (typed without the zero) -> 50 -> 5.
        month = hundredths // 10 if hundredths % 10 == 0 else hundredths
        return _month(year, month, today, value)
    text = cell_text(value)
    for pattern in (_YEAR_MONTH, _YEAR_MONTH_DAY, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            day = match.group(3) if pattern is not _YEAR_MONTH else None
            if day is not None and not _is_date(year, month, int(day)):
                return None, f"出生年月“{text}”不是有效日期"
            return _month(year, month, today, text)
    return None, f"出生年月“{text}”无法识别，{BIRTH_HINT}"


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _month(year: int, month: int, today: date, shown) -> tuple[date | None, str | None]:
    if not 1 <= month <= 12:
        return None, f"出生年月“{cell_text(shown)}”中的月份不存在"
    if year < 1900 or date(year, month, 1) > today:
        return None, f"出生年月“{cell_text(shown)}”不在合理范围内"
    return date(year, month, 1), None


def parse_mobile(value) -> tuple[str, str | None]:
    """('13800138000', None), ('', None) for a blank cell, or ('', reason).

    Spaces, hyphens and a +86 prefix are tolerated because people type them.
    """
    text = cell_text(value)
    if not text:
        return "", None
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if _MOBILE.fullmatch(digits):
        return digits, None
    return "", f"手机号“{text}”不是以 1 开头的 11 位手机号码"


# The roster ---------------------------------------------------------------------------


def _header_index(header: list) -> tuple[dict[str, int], list[str]]:
    """Column name -> index, and problems such as a column given twice."""
    index: dict[str, int] = {}
    problems = []
    for i, cell in enumerate(header):
        name = "".join(cell_text(cell).split()).lstrip("*＊")  # "* 姓名" marks required
        name = HEADER_ALIASES.get(name, name)
        if not name:
            continue
        if name in index:
            problems.append(f"列“{name}”出现了两次")
        else:
            index[name] = i
    return index, problems


def parse_roster(table: list[list], group_column: str, today: date) -> ParsedRoster:
    """Check every row of a roster. `group_column` is 代表团 (congress) or 界别 (CPPCC).

    Raises RosterFileError for an empty file; everything else is collected in the result.
    """
    result = ParsedRoster()
    if not any(cell_text(c) for values in table for c in values):
        raise RosterFileError("文件为空：第 1 行应为表头（姓名、性别、…），其下每行一人")
    columns, problems = _header_index(table[0])
    for required in (NAME, GENDER, group_column):
        if required not in columns:
            problems.append(f"缺少必填列“{required}”")
    if problems:
        for problem in problems:
            result.add_error(1, f"（表头）{problem}")
        return result

    def cell(values: list, column: str):
        i = columns.get(column)
        return values[i] if i is not None and i < len(values) else None

    first_seen: dict[tuple, int] = {}
    for number, values in enumerate(table[1:], start=2):
        if not any(cell_text(v) for v in values):
            continue  # blank lines between blocks are common and harmless
        row, reasons, identified = _check_row(number, partial(cell, values), group_column, today)
        if identified:
            if row.key in first_seen:
                reasons.append(
                    f"与第 {first_seen[row.key]} 行是同一人（姓名和出生年月都相同），请删除重复的一行"
                )
            else:
                first_seen[row.key] = number
        for reason in reasons:
            result.add_error(number, reason)
        if not reasons:
            result.rows.append(row)
    if not result.rows and not result.errors:
        raise RosterFileError("文件中只有表头，没有任何人员")
    return result


def _check_row(number: int, cell, group_column: str, today: date):
    """One row's values cleaned, every reason it cannot be imported, and whether its
    name and month of birth are both known (so it can be compared with other rows)."""
    name = clean_name(cell(NAME))
    gender, gender_error = parse_gender(cell(GENDER))
    birth, birth_error = parse_birth_month(cell(BIRTH), today)
    mobile, mobile_error = parse_mobile(cell(MOBILE))
    group = " ".join(cell_text(cell(group_column)).split())
    ethnicity = cell_text(cell(ETHNICITY))
    work = " ".join(cell_text(cell(WORK)).split())
    reasons = [] if name else ["姓名不能为空"]
    reasons += [r for r in (gender_error, birth_error) if r]
    if not group:
        reasons.append(f"{group_column}不能为空")
    if mobile_error:
        reasons.append(mobile_error)
    for column, text in {NAME: name, ETHNICITY: ethnicity, WORK: work, group_column: group}.items():
        if len(text) > MAX_LENGTHS[column]:
            reasons.append(f"{column}过长（最多 {MAX_LENGTHS[column]} 个字）")
    row = RosterRow(
        row=number,
        name=name,
        gender=gender or "",
        group=group,
        ethnicity=ethnicity,
        birth_date=birth,
        work=work,
        mobile=mobile,
    )
    return row, reasons, bool(name) and birth_error is None
