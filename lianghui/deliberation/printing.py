"""The 纪要 (record) of a group deliberation as PDF.

The HTML lives in templates/deliberation/print/; WeasyPrint lays it out on A4 in the system's
Noto CJK fonts (Debian: fonts-noto-cjk). Views are not here: this returns bytes.
"""

from django.template.loader import render_to_string
from django.utils import translation

from lianghui.deliberation.models import Deliberation
from lianghui.deliberation.queries import record_view
from lianghui.pdf import render as render_pdf


def record_html(record: Deliberation) -> str:
    # An official paper in Chinese, whatever language the reader's interface is in.
    with translation.override("zh-hans"):
        return render_to_string("deliberation/print/record.html", {"view": record_view(record)})


def record_pdf(record: Deliberation) -> bytes:
    return render_pdf(record_html(record))
