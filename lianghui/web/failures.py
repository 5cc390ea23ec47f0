"""What a request that failed on the server's side is answered with.

Django calls ``server_error`` (``handler500``) for any exception no view handled, including
one raised in a middleware (a session read when the database is gone). Two kinds are not the
request's fault and pass once the server is fixed, so they answer 503 with a Chinese message
and ``Retry-After`` instead of a bare 500:
- the database cannot be reached (PostgreSQL stopped, restarting, or out of connections);
- an action refused with status 503 (e.g. no CJK font to print a PDF with, lianghui.pdf).
Everything else is a 500 with a Chinese message. API paths answer JSON {"code", "message"}.
The page is rendered without the site's context processors: they read the database.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_noop

from lianghui.errors import ActionError

DATABASE_DOWN = "database_unavailable"
RETRY_AFTER_SECONDS = 30
# The API answers in Chinese; a page in the reader's language (gettext_noop: the catalogue
# holds them, gettext translates them when the page is drawn).
DATABASE_DOWN_MESSAGE = gettext_noop(
    "数据库暂时无法连接，您的操作没有完成，也没有保存。请稍后重试。"
)
SERVER_ERROR_MESSAGE = gettext_noop(
    "服务器出错，您的操作没有完成。请稍后重试；如仍有问题，请联系会务组。"
)


def classify(exc: BaseException | None) -> tuple[int, str, str]:
    """(status, code, Chinese message) for an exception that reached the top."""
    if isinstance(exc, ActionError) and exc.status == 503:
        return 503, exc.code, exc.message
    if isinstance(exc, OperationalError | InterfaceError) or _connection_lost(exc):
        return 503, DATABASE_DOWN, DATABASE_DOWN_MESSAGE
    return 500, "server_error", SERVER_ERROR_MESSAGE


def _connection_lost(exc) -> bool:
    # psycopg reports a dropped server as DatabaseError subclasses Django wraps differently.
    return isinstance(exc, DatabaseError) and "connection" in str(exc).lower()


def server_error(request, *args, **kwargs):
    status, code, message = classify(sys.exc_info()[1])
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": code, "message": message}, status=status)
    else:
        title = gettext("暂时无法完成") if status == 503 else gettext("服务器出错")
        html = render_to_string(
            "web/failure.html", {"title": title, "message": gettext(message), "status": status}
        )
        response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
