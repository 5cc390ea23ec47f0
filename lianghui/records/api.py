"""Records: a session's published chronicle, its open data export, and the chronicle's actions.

Reads are public for a public session (the session gate decides, as for the session pages);
the actions are the secretariat's, through the same functions as the page.
"""

import json
from datetime import datetime
from functools import cache
from pathlib import Path

from ninja import Router, Schema, Status

from lianghui.api_access import PUBLIC
from lianghui.errors import NotFound
from lianghui.records import actions, opendata, queries
from lianghui.records.compose import split_text
from lianghui.records.models import ChronicleDraft, ChronicleEdit
from lianghui.sessions.access import session_for

router = Router(tags=["records 会议纪实与开放数据"])

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "session.schema.json"


@cache
def session_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class ChronicleOut(Schema):
    session_id: int
    title: str
    text: str
    published_at: datetime


class DraftOut(Schema):
    id: int
    session_id: int
    text: str
    notes: list[str]
    digest: str
    generated_at: datetime


class EditOut(Schema):
    id: int
    session_id: int
    based_on: int
    text: str
    digest: str
    edited_at: datetime
    published: bool
    published_at: datetime | None


class ChronicleDeskOut(Schema):
    draft: DraftOut | None
    edit: EditOut | None
    published: EditOut | None
    stale: bool  # the draft has been generated again, with another text, since the edit
    changes: list[str]  # how it changed (a unified diff), when stale


class ChronicleEditIn(Schema):
    text: str
    based_on: int | None = None


def _draft(d: ChronicleDraft | None) -> dict | None:
    if d is None:
        return None
    return {
        "id": d.pk,
        "session_id": d.session_id,
        "text": d.text,
        "notes": list(d.notes),
        "digest": d.digest,
        "generated_at": d.generated_at,
    }


def _edit(e: ChronicleEdit | None) -> dict | None:
    if e is None:
        return None
    return {
        "id": e.pk,
        "session_id": e.session_id,
        "based_on": e.based_on_id,
        "text": e.text,
        "digest": e.digest,
        "edited_at": e.edited_at,
        "published": e.published,
        "published_at": e.published_at,
    }


@router.get(
    "/sessions/{session_id}/chronicle",
    response=ChronicleOut,
    auth=PUBLIC,
    summary="已发布的会议纪实",
)
def get_chronicle(request, session_id: int):
    session = session_for(request.user, session_id)
    edit = queries.published(session)
    if edit is None:
        raise NotFound("本次会议的会议纪实尚未发布。")
    title, _ = split_text(edit.text)
    return {
        "session_id": session.pk,
        "title": title,
        "text": edit.text,
        "published_at": edit.published_at,
    }


@router.get(
    "/sessions/{session_id}/opendata",
    response=dict,
    auth=PUBLIC,
    summary="会议开放数据（Popolo / Open Civic Data 格式，JSON Schema 见 /records/opendata/schema）",
)
def get_opendata(request, session_id: int):
    return opendata.export_session(session_for(request.user, session_id))


@router.get("/opendata/schema", response=dict, auth=PUBLIC, summary="会议开放数据的 JSON Schema")
def get_schema(request):
    return session_schema()


def _desk(session) -> dict:
    d = queries.desk(session)
    return {
        "draft": _draft(d.draft),
        "edit": _edit(d.edit),
        "published": _edit(d.published),
        "stale": d.stale,
        "changes": d.changes,
    }


def _secretariat_session(request, session_id: int):
    session = session_for(request.user, session_id)
    actions.require_secretariat(request.user, session)
    return session


@router.get(
    "/sessions/{session_id}/chronicle/desk",
    response=ChronicleDeskOut,
    summary="会议纪实的生成稿、编辑稿与发布稿（会务组）",
)
def get_desk(request, session_id: int):
    return _desk(_secretariat_session(request, session_id))


@router.post(
    "/sessions/{session_id}/chronicle/generate",
    response={201: DraftOut},
    summary="根据会议记录生成会议纪实草稿（会务组）",
)
def generate(request, session_id: int):
    session = session_for(request.user, session_id)
    return Status(201, _draft(actions.generate(session, request.user)))


@router.post(
    "/sessions/{session_id}/chronicle/edit",
    response={201: EditOut},
    summary="保存编辑稿（与生成稿分开存放；会务组）",
)
def save_edit(request, session_id: int, payload: ChronicleEditIn):
    session = session_for(request.user, session_id)
    based_on = None
    if payload.based_on is not None:
        based_on = ChronicleDraft.objects.filter(pk=payload.based_on, session=session).first()
        if based_on is None:
            raise NotFound("未找到该生成稿。")
    edit = actions.save_edit(session, payload.text, request.user, based_on=based_on)
    return Status(201, _edit(edit))


@router.post(
    "/sessions/{session_id}/chronicle/publish",
    response=EditOut,
    summary="发布会议纪实（会务组）",
)
def publish(request, session_id: int):
    session = session_for(request.user, session_id)
    return _edit(actions.publish(session, request.user))
