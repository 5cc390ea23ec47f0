"""The printable sheet of sign-in slips, as PDF: eight slips to an A4 page, cut along the lines.

Each slip: the session (or term), the person's name and delegation or sector, a QR code of the one-time
sign-in link, the short code to type instead, and the date it expires. The HTML lives in
templates/accounts/print/; lianghui.pdf lays it out in the Noto CJK fonts. The QR code is also
a link in the PDF, so a slip opened on a screen can be clicked.
"""

import segno
from django.template.loader import render_to_string
from django.utils import translation

from lianghui.accounts.actions import Issue
from lianghui.pdf import render as render_pdf

SLIPS_PER_PAGE = 8
COLUMNS = 2


def slips_pdf(issue: Issue, link_for, code_page: str) -> bytes:
    """link_for(token) -> the absolute sign-in URL; code_page: where a short code is typed."""
    slips = [
        {
            "printed": p,
            "link": link_for(p.token),
            "qr": segno.make(link_for(p.token), error="m").svg_data_uri(scale=4, border=2),
        }
        for p in issue.printed
    ]
    pages = [slips[i : i + SLIPS_PER_PAGE] for i in range(0, len(slips), SLIPS_PER_PAGE)]
    sheets = [[page[i : i + COLUMNS] for i in range(0, len(page), COLUMNS)] for page in pages]
    # A printed paper is in Chinese, whatever language the secretariat's screen is in.
    with translation.override("zh-hans"):
        html = render_to_string(
            "accounts/print/slips.html",
            {"title": issue.scope.title, "sheets": sheets, "code_page": code_page},
        )
    return render_pdf(html)
