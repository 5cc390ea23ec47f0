"""The sheets from the API: each as XLSX and as PDF, the secretariat's of the body (404 for
anyone else; 409 for a result not yet counted)."""

from typing import Literal

from ninja import Router

from lianghui.sheets import render
from lianghui.sheets.catalogue import KINDS

Order = Literal["strokes", "pinyin"]  # 姓氏笔画 | 拼音
router = Router(tags=["sheets 报表"])

FILES = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "pdf": ("application/pdf", "PDF"),
}


def _extra(kind: str) -> dict:
    content_type, word = FILES[kind]
    return {
        "responses": {
            "200": {
                "description": f"{word} 文件（列名为中文）",
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _answer(request, name: str, kind: str, **route):
    return render.response(KINDS[name].build(request, **route), kind)


def _register(path: str, name: str, handlers: dict):
    for kind, handler in handlers.items():
        router.get(
            f"{path}.{kind}",
            summary=f"{KINDS[name].summary}（{FILES[kind][1]}）",
            openapi_extra=_extra(kind),
            operation_id=f"sheets_{name}_{kind}",
        )(handler)


def session_attendance_xlsx(request, session_id: int):
    return _answer(request, "session_attendance", "xlsx", pk=session_id)


def session_attendance_pdf(request, session_id: int):
    return _answer(request, "session_attendance", "pdf", pk=session_id)


def roster_xlsx(request, session_id: int, order: Order = "strokes"):
    return _answer(request, "roster", "xlsx", pk=session_id, order=order)


def roster_pdf(request, session_id: int, order: Order = "strokes"):
    return _answer(request, "roster", "pdf", pk=session_id, order=order)


def person_attendance_xlsx(request, term_id: int, person_id: int):
    return _answer(request, "person_attendance", "xlsx", pk=person_id, term_id=term_id)


def person_attendance_pdf(request, term_id: int, person_id: int):
    return _answer(request, "person_attendance", "pdf", pk=person_id, term_id=term_id)


def vote_result_xlsx(request, poll_id: int):
    return _answer(request, "vote_result", "xlsx", pk=poll_id)


def vote_result_pdf(request, poll_id: int):
    return _answer(request, "vote_result", "pdf", pk=poll_id)


def election_result_xlsx(request, election_id: int):
    return _answer(request, "election_result", "xlsx", pk=election_id)


def election_result_pdf(request, election_id: int):
    return _answer(request, "election_result", "pdf", pk=election_id)


_register(
    "/sessions/{session_id}/attendance",
    "session_attendance",
    {"xlsx": session_attendance_xlsx, "pdf": session_attendance_pdf},
)
_register("/sessions/{session_id}/roster", "roster", {"xlsx": roster_xlsx, "pdf": roster_pdf})
_register(
    "/terms/{term_id}/people/{person_id}/attendance",
    "person_attendance",
    {"xlsx": person_attendance_xlsx, "pdf": person_attendance_pdf},
)
_register(
    "/votes/{poll_id}/result", "vote_result", {"xlsx": vote_result_xlsx, "pdf": vote_result_pdf}
)
_register(
    "/elections/{election_id}/result",
    "election_result",
    {"xlsx": election_result_xlsx, "pdf": election_result_pdf},
)
