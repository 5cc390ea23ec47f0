"""The project's JSON API: one NinjaAPI that mounts each domain's router.

Errors are JSON {"code", "message"} with a Chinese message and a 4xx status.
"""

import logging

from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from lianghui.errors import ActionError
from lianghui.openapi import DocumentedAPI

api = DocumentedAPI(
    title="lianghui API",
    version="1",
    description="两会会务系统 JSON API。错误以 JSON 返回：{code, message}，message 为中文。",
    auth=django_auth,
    urls_namespace="api",
)


log = logging.getLogger("lianghui.api")


def _error(request, status: int, code: str, message: str, **details):
    # Every refusal is logged: bad input changes nothing, but the secretariat can see it.
    user = getattr(request, "user", None)
    log.warning(
        "refused %s %s: %s %s (user %s)",
        request.method,
        request.path,
        status,
        code,
        getattr(user, "pk", None),
    )
    body = {"code": code, "message": message}
    if details:
        body["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(ActionError)
def on_action_error(request, exc: ActionError):
    return _error(request, exc.status, exc.code, exc.message, **exc.details)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    return _error(
        request, 422, "invalid_input", "请求数据格式有误，请检查后重试。", errors=exc.errors
    )


@api.exception_handler(OverflowError)
def on_overflow(request, exc: OverflowError):
    # A number past what the database can compare (SQLite: 64 bits), e.g. a 20-digit id.
    return _error(request, 422, "out_of_range", "数值超出范围，请检查后重试。")


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(request, 401, "not_signed_in", "请先登录。")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", "未找到该对象，或您无权查看。")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if exc.status_code == 403 and "CSRF" in str(exc):
        # django-ninja's session auth refuses a missing or forged CSRF token in English.
        return _error(request, 403, "csrf_failed", "安全校验未通过，请刷新页面后重试。")
    if exc.status_code == 400 and "parse request body" in str(exc):
        return _error(request, 400, "bad_json", "请求内容不是有效的 JSON，请检查后重试。")
    return _error(request, exc.status_code, "http_error", str(exc))


from lianghui.accounts.api import router as accounts_router  # noqa: E402
from lianghui.attendance.api import router as attendance_router  # noqa: E402
from lianghui.deliberation.api import router as deliberation_router  # noqa: E402
from lianghui.elections.api import router as elections_router  # noqa: E402
from lianghui.hall.api import router as hall_router  # noqa: E402
from lianghui.halls.api import router as halls_router  # noqa: E402
from lianghui.interpellation.api import router as interpellation_router  # noqa: E402
from lianghui.people.api import router as people_router  # noqa: E402
from lianghui.presidium.api import router as presidium_router  # noqa: E402
from lianghui.proposals.api import router as proposals_router  # noqa: E402
from lianghui.recall.api import resignations as resignations_router  # noqa: E402
from lianghui.recall.api import router as recall_router  # noqa: E402
from lianghui.records.api import router as records_router  # noqa: E402
from lianghui.scrutiny.api import router as scrutiny_router  # noqa: E402
from lianghui.sessions.api import router as sessions_router  # noqa: E402
from lianghui.sheets.api import router as sheets_router  # noqa: E402
from lianghui.votes.api import router as votes_router  # noqa: E402

api.add_router("/people", people_router)
api.add_router("/accounts", accounts_router)
api.add_router("/sessions", sessions_router)
api.add_router("/attendance", attendance_router)
api.add_router("/votes", votes_router)
api.add_router("/scrutiny", scrutiny_router)
api.add_router("/presidium", presidium_router)
api.add_router("/elections", elections_router)
api.add_router("/proposals", proposals_router)
api.add_router("/deliberation", deliberation_router)
api.add_router("/interpellations", interpellation_router)
api.add_router("/recalls", recall_router)
api.add_router("/resignations", resignations_router)
api.add_router("/records", records_router)
api.add_router("/halls", halls_router)
api.add_router("/hall", hall_router)
api.add_router("/sheets", sheets_router)
