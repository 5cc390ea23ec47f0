"""Chinese numerals as written in session titles (第十七届, 第五次)."""

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 as written in session titles: 5 -> 五, 17 -> 十七, 20 -> 二十."""
    if n < 0 or n > 99:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 1 else _DIGITS[tens]
    return f"{prefix}十{_DIGITS[ones] if ones else ''}"
