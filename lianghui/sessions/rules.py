"""What a meeting document may be. Pure: no Django.

Only PDF and Word files are accepted, recognised by their content (magic bytes), not by
the name the uploader gave; the stored file gets a random name (see models).
"""

import io
import zipfile
from dataclasses import dataclass

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
