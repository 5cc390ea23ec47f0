"""Punctuation that follows the reader's language.

The templates are written in Chinese, where a label ends in a full-width colon (姓名：张三),
an aside sits in full-width brackets, items of a list are joined with 、 and a title runs
into a name with no space (区长钟晓咏). English writes "Name: 张三", "(…)", "a, b" and
"区长 钟晓咏". These tags print the right one for the active language; they are builtins
(settings.TEMPLATES), so no template needs to load them. Printed papers (print/ templates)
are Chinese documents and keep the Chinese marks.
"""

from django import template
from django.utils.translation import get_language

register = template.Library()

ENGLISH = {
    "：": ": ",
    "（": " (",
    "）": ")",
    "、": ", ",
    "；": "; ",
    "，": ", ",
    "。": ". ",
    "\u3000": " ",  # the ideographic space
}


def _chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


@register.simple_tag
def punct(mark: str) -> str:
    """A Chinese punctuation mark as written in the reader's language: {% punct "：" %}."""
    return mark if _chinese() else ENGLISH.get(mark, mark)


@register.simple_tag
def wordgap() -> str:
    """Nothing between a title and a name in Chinese (区长钟晓咏), a space in English."""
    return "" if _chinese() else " "


@register.filter
def listjoin(values) -> str:
    """Join a list with 、 in Chinese, ", " in English."""
    return punct("、").join(str(v) for v in values)
