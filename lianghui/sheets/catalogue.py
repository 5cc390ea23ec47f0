"""The sheets, each once: how its object is found and gated from the request, how it is built,
where the page and the API serve it, and which page a refusal (409) returns to."""

from collections.abc import Callable
from dataclasses import dataclass

from lianghui.sheets import access
from lianghui.sheets.rules import Sheet


@dataclass(frozen=True)
class Kind:
    name: str  # URL name stem: sheets:<name>_xlsx, sheets:<name>_pdf
    summary: str  # the API operation's summary (Chinese)
    page: str  # the page route, without the extension
    build: Callable[..., Sheet]  # (request, **route kwargs) -> Sheet
    back: str = ""  # the page a refused request returns to (URL name taking pk)


def _session_attendance(request, pk):
    from lianghui.sheets.attendance import session_sheet

    return session_sheet(access.session_for(request.user, pk))


def _roster(request, pk, order=None):
    from lianghui.sheets.rosters import ORDERS, roster_sheet

    order = order or request.GET.get("order", "strokes")
    return roster_sheet(
        access.session_for(request.user, pk), order if order in ORDERS else "strokes"
    )


def _person_attendance(request, pk, term_id):
    from lianghui.sheets.attendance import person_sheet

    return person_sheet(*access.term_and_person(request.user, term_id, pk))


def _poll(request, pk):
    from lianghui.sheets.results import poll_sheet

    return poll_sheet(access.poll_for(request.user, pk))


def _election(request, pk):
    from lianghui.sheets.results import election_sheet

    return election_sheet(access.election_for(request.user, pk))


KINDS = {k.name: k for k in (
    Kind("session_attendance", "会议出席情况汇总（每次会议×每人）",
         "sessions/<int:pk>/attendance", _session_attendance,
         "sessions:session"),
    Kind("roster", "代表（委员）名单（按代表团或界别；order=strokes 姓氏笔画 | pinyin 拼音）",
         "sessions/<int:pk>/roster", _roster, "sessions:session"),
    Kind("person_attendance", "个人本届出席情况",
         "people/<int:pk>/terms/<int:term_id>/attendance", _person_attendance),
    Kind("vote_result", "表决结果（记名表决附点名；无记名表决只有票数）",
         "votes/<int:pk>/sheet", _poll, "votes:result"),
    Kind("election_result", "选举结果（各候选人得票、当选、选票有效性）",
         "elections/<int:pk>/sheet", _election, "elections:result"),
)}  # fmt: skip
