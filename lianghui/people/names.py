"""Sort keys for Chinese names: pinyin (the default) and surname stroke order (姓氏笔画).

Pinyin comes from pypinyin. Stroke order uses the character table that ships with
cn_sort (ranked by stroke count, then by the 横竖撇点折 order of the strokes); we read
its data file directly because importing cn_sort reconfigures the process's logging.
"""

import importlib.util
import json
from functools import cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin

_UNKNOWN_RANK = 999_999


def pinyin_key(name: str) -> str:
    """'张岚' -> 'zhang1 lan2': ordered by syllable, then tone, then the next character."""
    syllables = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    return " ".join(s.lower() for s in syllables)


@cache
def _stroke_ranks() -> dict[str, int]:
    spec = importlib.util.find_spec("cn_sort")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("cn_sort is not installed; it provides the stroke-order table")
    path = Path(next(iter(spec.submodule_search_locations))) / "res" / "all_word.json"
    with path.open(encoding="utf-8") as f:
        entries = json.load(f)["all_word"]
    return {e["chinese"]: int(e["stroke_increment_level"]) for e in entries}


def stroke_key(name: str) -> str:
    """A fixed-width string that sorts names by surname strokes, then the given name's."""
    ranks = _stroke_ranks()
    return "".join(f"{ranks.get(ch, _UNKNOWN_RANK):06d}" for ch in name)


def sort_by_pinyin(names, key=lambda x: x):
    return sorted(names, key=lambda item: (pinyin_key(key(item)), key(item)))


def sort_by_strokes(names, key=lambda x: x):
    return sorted(names, key=lambda item: (stroke_key(key(item)), key(item)))
