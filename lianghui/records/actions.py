"""The chronicle's three actions, each the secretariat's alone, each audited in its transaction.

generate(session, actor)
    Effect: drafts the chronicle from the records as they stand (``chronicle.draft``) and
    stores it as a new ChronicleDraft; earlier drafts and every edit stay as they are.
    Event: ``records.chronicle_generated`` {session, digest, chars, changed} — ``changed``:
    the text differs from the previous draft's.
save_edit(session, text, actor, based_on=None)
    Payload: the full edited text; ``based_on``: the draft the editor was looking at (the
    newest when not given). Effect: a new ChronicleEdit, unpublished; the drafts are not
    touched. Refused without a draft (409) or with an empty text (422).
    Event: ``records.chronicle_edited`` {session, based_on, digest, chars}.
publish(session, actor)
    Effect: marks the newest edit published; with no edit yet, the newest draft is first
    copied into one, unchanged. Refused when the newest edit is already published (409).
    Event: ``records.chronicle_published`` {session, edit, digest, from_draft}.

Permission: ``lianghui.people.access.is_secretariat`` (of the session's body); anyone else gets PermissionDenied (403).
"""

import hashlib

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.errors import refusal
from lianghui.records import chronicle
from lianghui.records.models import ChronicleDraft, ChronicleEdit
from lianghui.records.queries import latest_draft, latest_edit
from lianghui.sessions import access
from lianghui.sessions.models import Session

MAX_CHARS = 100_000


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def require_secretariat(actor, session: Session) -> None:
    """The secretariat of every body, or of the session's body."""
    access.require_secretariat(actor, session, "只有会务组可以生成、编辑和发布会议纪实。")


def generate(session: Session, actor, *, now=None) -> ChronicleDraft:
    require_secretariat(actor, session)
    now = now or timezone.now()
    written = chronicle.draft(session, now)
    text = written.text
    with transaction.atomic():
        previous = latest_draft(session)
        draft = ChronicleDraft.objects.create(
            session=session,
            text=text,
            notes=list(written.notes),
            digest=digest(text),
            generated_at=now,
            generated_by=actor,
        )
        record(
            "records.chronicle_generated",
            draft,
            actor=actor,
            data={
                "session": session.pk,
                "digest": draft.digest,
                "chars": len(text),
                "changed": previous is None or previous.digest != draft.digest,
            },
        )
    return draft


def _clean(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise refusal("text_required", "请填写会议纪实的文稿。", 422)
    if len(text) > MAX_CHARS:
        raise refusal("text_too_long", f"文稿过长（不超过 {MAX_CHARS} 字）。", 422)
    return text + "\n"


def save_edit(
    session: Session, text: str, actor, *, based_on: ChronicleDraft | None = None
) -> ChronicleEdit:
    require_secretariat(actor, session)
    text = _clean(text)
    with transaction.atomic():
        draft = based_on or latest_draft(session)
        if draft is None:
            raise refusal("no_draft", "请先生成会议纪实草稿，再编辑。")
        if draft.session_id != session.pk:
            raise refusal("bad_draft", "该生成稿不属于本次会议。", 422)
        edit = ChronicleEdit.objects.create(
            session=session,
            based_on=draft,
            text=text,
            digest=digest(text),
            edited_by=actor,
            edited_at=timezone.now(),
        )
        record(
            "records.chronicle_edited",
            edit,
            actor=actor,
            data={
                "session": session.pk,
                "based_on": draft.pk,
                "digest": edit.digest,
                "chars": len(text),
            },
        )
    return edit


def publish(session: Session, actor) -> ChronicleEdit:
    require_secretariat(actor, session)
    with transaction.atomic():
        edit = latest_edit(session)
        from_draft = edit is None
        if edit is None:
            draft = latest_draft(session)
            if draft is None:
                raise refusal("no_draft", "请先生成会议纪实草稿，再发布。")
            edit = ChronicleEdit.objects.create(
                session=session,
                based_on=draft,
                text=draft.text,
                digest=draft.digest,
                edited_by=actor,
                edited_at=timezone.now(),
            )
        elif edit.published:
            raise refusal("already_published", "当前文稿已经发布；修改并保存后可再次发布。")
        edit.published = True
        edit.published_at = timezone.now()
        edit.published_by = actor
        edit.save(update_fields=["published", "published_at", "published_by"])
        record(
            "records.chronicle_published",
            edit,
            actor=actor,
            data={
                "session": session.pk,
                "edit": edit.pk,
                "digest": edit.digest,
                "from_draft": from_draft,
            },
        )
    return edit
