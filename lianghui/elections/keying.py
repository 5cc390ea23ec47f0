"""The clerk's fast keying of paper ballots: one line of text per ballot. Pure: no Django.

A line has one character per candidate, in the order printed on the ballot:

    1 赞成    2 反对    3 弃权    0 or a space: not marked (未划)

then, optionally, write-ins (另选他人) after a "+", as person ids: "2+123", "20+123+456".
A line "x" is a ballot the scrutineers found void (废票). So for one candidate: "1", "2",
"x", "2+123".

A line must have exactly one mark per candidate: a short line is refused rather than read
as unmarked, because a missed keystroke and a blank place look the same.
Full-width characters from a Chinese input method (１, ＋, ｘ, the ideographic space) read as
their half-width forms. Empty lines at the end of the text are ignored; elsewhere refused.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence

from lianghui.errors import ActionError

KEYS = {"1": "yes", "2": "no", "3": "abstain", "0": None, " ": None}
LETTER = {"yes": "1", "no": "2", "abstain": "3"}
LABELS = {"yes": "赞成", "no": "反对", "abstain": "弃权"}
VOID = "x"
_WRITE_IN_SEPARATORS = re.compile(r"[+,，、\s]+")
_HELP = "1 赞成、2 反对、3 弃权、0 或空格 未划，“+”后写另选人编号，x 废票"


class KeyingError(ActionError):
    """A line that is not a ballot; the message names the ballot by its number."""

    def __init__(self, message: str):
        super().__init__("bad_line", message, status=422)


def parse_line(line: str, candidate_ids: Sequence[int]) -> dict:
    """One line → {"marks": {str(candidate id): mark}, "write_ins": [ids], "void": bool}."""
    line = unicodedata.normalize("NFKC", line).rstrip("\r\n")
    if line.strip().lower() == VOID:
        return {"marks": {}, "write_ins": [], "void": True}
    if not line:
        raise KeyingError("空行。未划的选票请按候选人人数输入 0。")
    places, plus, rest = line.partition("+")
    if len(places) != len(candidate_ids):
        raise KeyingError(
            f"应有 {len(candidate_ids)} 位标记（每位候选人一位），实际 {len(places)} 位。"
        )
    marks = {}
    for char, candidate in zip(places, candidate_ids, strict=True):
        if char not in KEYS:
            raise KeyingError(f"无法识别“{char}”（{_HELP}）。")
        if KEYS[char]:
            marks[str(candidate)] = KEYS[char]
    write_ins = []
    if plus:
        parts = [p for p in _WRITE_IN_SEPARATORS.split(rest) if p]
        if not parts:
            raise KeyingError("“+”后应填写另选人的编号。")
        for part in parts:
            if not part.isascii() or not part.isdigit():
                raise KeyingError(f"另选人编号“{part}”应为数字。")
            write_ins.append(int(part))
    return {"marks": marks, "write_ins": write_ins, "void": False}


def parse_lines(text: str, candidate_ids: Sequence[int]) -> list[dict]:
    """A whole batch, one ballot per line; a refusal names the ballot (第 n 张)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1]:
        lines.pop()
    ballots = []
    for number, line in enumerate(lines, start=1):
        try:
            ballots.append(parse_line(line, candidate_ids))
        except KeyingError as e:
            raise KeyingError(f"第 {number} 张：{e.message}") from None
    return ballots


def format_ballot(content: Mapping, candidate_ids: Sequence[int]) -> str:
    """A keyed ballot back in the line format (unmarked places shown as 0)."""
    if content.get("void"):
        return VOID
    marks = content.get("marks") or {}
    places = "".join(LETTER.get(marks.get(str(c)) or "", "0") for c in candidate_ids)
    write_ins = "".join(f"+{p}" for p in content.get("write_ins") or [])
    return places + write_ins


def describe(content: Mapping, candidate_ids: Sequence[int], names: Mapping[int, str]) -> str:
    """A keyed ballot in words, for the scrutineers: "甲 赞成、乙 未划；另选 丙"."""
    if content.get("void"):
        return "废票"
    marks = content.get("marks") or {}
    parts = [
        f"{names.get(c, c)} {LABELS.get(marks.get(str(c)) or '', '未划')}" for c in candidate_ids
    ]
    text = "、".join(parts)
    write_ins = content.get("write_ins") or []
    if write_ins:
        text += "；另选 " + "、".join(str(names.get(int(p), p)) for p in write_ins)
    return text
