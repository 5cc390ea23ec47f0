"""What a meeting document may be, and whether a day falls in a session. Pure: no Django.

Only PDF and Word files are accepted, recognised by their content (magic bytes), not by
the name the uploader gave; the stored file gets a random name (see models).
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import date


def in_session(start: date, end: date, day: date) -> bool:
    """A session is in progress from its opening day to its closing day, both included
    (local days, Asia/Shanghai)."""
    return start <= day <= end


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def outside_session_refusal(
    start: date,
    end: date,
    day: date,
    *,
    article: str,
    act: str,
    title: str = "本次会议",
    otherwise: str = "",
) -> str | None:
    """The refusal of what the law allows only "while the congress is in session" (举行会议
    的时候: LOL 24 interpellation, LOL 31 recall; 开会期间: LOL 32 resignation), on a day
    outside the session; None within it."""
    if in_session(start, end, day):
        return None
    when = "尚未开幕" if day < start else "已经闭幕"
    return (
        f"依照{article}，{act}只能在人民代表大会举行会议的时候进行；"
        f"{title}会期为{_day(start)}至{_day(end)}，{_day(day)}{when}。{otherwise}"
    )


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"

EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".doc": DOC}


@dataclass(frozen=True)
class DocumentCheck:
    ok: bool
    content_type: str = ""
    reason: str = ""


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """The document type from its first bytes (and, for a zip, its members)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
    return None


def check_document(filename: str, data: bytes, max_bytes: int) -> DocumentCheck:
    name = filename.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in EXTENSIONS:
        return DocumentCheck(False, reason="只接受 PDF 或 Word（.pdf、.docx、.doc）文件。")
    if not data:
        return DocumentCheck(False, reason="文件是空的。")
    if len(data) > max_bytes:
        return DocumentCheck(False, reason=f"文件超过 {max_bytes // (1024 * 1024)} MB 的上限。")
    actual = sniff(data[:8], data)
    if actual is None or actual != EXTENSIONS[extension]:
        return DocumentCheck(False, reason="文件内容与扩展名不符，可能已损坏或不是 PDF/Word 文件。")
    return DocumentCheck(True, content_type=actual)
