"""The chronicle as the papers secretariats and newspapers use: PDF and Word (.docx).

Both take a chronicle's text as stored (generated or edited): its first line is the title,
every other non-empty line a paragraph (``compose.split_text``). The PDF is laid out by
WeasyPrint from templates/records/print/chronicle.html on A4 in the system's Noto CJK fonts
(Debian: fonts-noto-cjk); the .docx is written with python-docx, its East Asian font set to
the same family so that Word shows it as the PDF does where the font is installed (Word
falls back to its own CJK font elsewhere). Views are not here: these return bytes.
"""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from lianghui.audit.log import current_head
from lianghui.pdf import render as render_pdf
from lianghui.records.compose import split_text
from lianghui.sessions.models import Session

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf(session: Session, text: str, *, status: str = "") -> bytes:
    """``status``: a line under the title, e.g. （草稿） for a text not yet published."""
    title, paragraphs = split_text(text)
    html = render_to_string(
        "records/print/chronicle.html",
        {"session": session, "title": title, "paragraphs": paragraphs, "status": status},
    )
    return render_pdf(html)


def _font(run, family: str, size: float, *, bold: bool = False) -> None:
    run.font.name = family
    run.font.size = Pt(size)
    run.font.bold = bold
    # python-docx sets only the Latin font; Chinese text takes the East Asian one.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), family)


def docx(session: Session, text: str, *, status: str = "") -> bytes:
    title, paragraphs = split_text(text)
    document = Document()
    core = document.core_properties
    core.title = title
    core.subject = session.title
    core.author = "lianghui"
    core.language = "zh-CN"
    core.created = timezone.now()

    normal = document.styles["Normal"]
    normal.font.name = SERIF
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)

    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(head.add_run(session.title), SERIF, 11)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(title), SANS, 18, bold=True)
    if status:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(line.add_run(status), SERIF, 10)
    for text_ in paragraphs:
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(24)  # two characters of 12 pt
        p.paragraph_format.line_spacing = 1.5
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _font(p.add_run(text_), SERIF, 12)
    head = current_head()  # as on the PDF: an anchor for `lianghui audit verify --anchors`
    if head is not None:
        line = document.add_paragraph()
        _font(
            line.add_run(f"审计链头（可用 lianghui audit verify --anchors 核对）：{head.line()}"),
            SANS,
            7,
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
