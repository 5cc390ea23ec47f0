"""Every PDF the system prints (ballots, result reports, records, the chronicle, the annual
report) is laid out by WeasyPrint through this one function.

The print templates name the Noto CJK fonts (Debian: ``fonts-noto-cjk``). Where neither is
installed, WeasyPrint would quietly fall back to a font without Chinese characters and print
boxes: an official paper that looks printed but says nothing. So ``render`` asks fontconfig
(the library WeasyPrint itself finds fonts with) first, and refuses with a clear error (503:
the server, not the request, must be fixed) instead.
"""

import functools
import logging

from django.utils.translation import gettext_noop

from lianghui.errors import ActionError

# The families the print templates ask for; either one can set Chinese text.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC")

log = logging.getLogger("lianghui.pdf")

MESSAGE = gettext_noop(
    "服务器未安装中文字体（Noto CJK），无法生成 PDF。请管理员安装 fonts-noto-cjk 后重试。"
)


class FontsMissing(ActionError):
    status = 503

    def __init__(self):
        super().__init__("pdf_fonts_missing", MESSAGE)


def render(html: str) -> bytes:
    """The PDF of ``html``; FontsMissing where no CJK font is installed."""
    if not cjk_fonts_installed():
        log.error("PDF refused: none of %s is installed", ", ".join(CJK_FAMILIES))
        raise FontsMissing()
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


@functools.cache
def cjk_fonts_installed() -> bool:
    """Whether fontconfig resolves one of CJK_FAMILIES to itself, not to a fallback.

    Cached for the life of the process: fonts are installed with the server's packages.
    """
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        return any(_resolves(ffi, fontconfig, config, family) for family in CJK_FAMILIES)
    finally:
        fontconfig.FcConfigDestroy(config)


def _resolves(ffi, fontconfig, config, family: str) -> bool:
    pattern = fontconfig.FcPatternCreate()
    fontconfig.FcPatternAddString(pattern, b"family", family.encode())
    fontconfig.FcConfigSubstitute(config, pattern, 0)  # 0: FcMatchPattern
    fontconfig.FcDefaultSubstitute(pattern)
    result = ffi.new("FcResult *")
    match = fontconfig.FcFontMatch(config, pattern, result)
    fontconfig.FcPatternDestroy(pattern)
    if match == ffi.NULL:
        return False
    try:
        names, value, n = [], ffi.new("FcChar8 **"), 0
        # A font has one family name per language; FcResultMatch is 0.
        while fontconfig.FcPatternGetString(match, b"family", n, value) == 0:
            names.append(ffi.string(ffi.cast("char *", value[0])).decode())
            n += 1
        return family in names
    finally:
        fontconfig.FcPatternDestroy(match)
