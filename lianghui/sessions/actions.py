"""Session actions: attach a document to an agenda item."""

import os

from django.conf import settings
from django.db import transaction

from lianghui import uploads
from lianghui.audit.log import record
from lianghui.errors import ActionError, PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.sessions import rules
from lianghui.sessions.models import AgendaItem, Document, Visibility


def attach_document(
    item: AgendaItem, filename: str, data: bytes, title: str, visibility: str, actor
) -> Document:
    """Store an uploaded PDF or Word file under a random name and record who added it."""
    if not is_secretariat(actor):
        raise PermissionDenied("只有会务组可以上传会议文件。")
    if visibility not in Visibility.values:
        raise ActionError("bad_visibility", "未知的可见范围。", status=422)
    check = rules.check_document(filename, data, settings.LIANGHUI_MAX_DOCUMENT_BYTES)
    if not check.ok:
        raise ActionError("bad_document", check.reason, status=422)
    upload = uploads.described(filename, data, check.content_type)
    title = (title or "").strip() or os.path.splitext(upload["original_name"])[0]
    with transaction.atomic():
        document = Document(
            item=item,
            title=title[:200],
            **upload,
            visibility=visibility,
            uploaded_by=actor,
        )
        uploads.write(document, data)
        with uploads.removed_if_failed([document]):
            document.save()
            record(
                "sessions.document_attached",
                document,
                actor=actor,
                data={
                    "item": item.pk,
                    "title": document.title,
                    "sha256": document.sha256,
                    "visibility": visibility,
                },
            )
    return document
