"""The one error type that actions raise for a refusal the user should read.

Every refusal carries a stable machine code (for the API and tests) and a message in
Chinese (the user's language); views and API handlers turn it into a 4xx response.
"""


class ActionError(Exception):
    status = 400

    def __init__(self, code: str, message: str, status: int | None = None, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details
        if status is not None:
            self.status = status


class PermissionDenied(ActionError):
    status = 403

    def __init__(self, message: str = "您没有执行此操作的权限。", code: str = "forbidden"):
        super().__init__(code, message)


class NotFound(ActionError):
    status = 404

    def __init__(self, message: str = "未找到该对象，或您无权查看。", code: str = "not_found"):
        super().__init__(code, message)


def row_or_404(rows, pk: int, message: str):
    """The row `pk` of `rows` (a model's manager or a queryset), else the 404 with `message`."""
    row = rows.filter(pk=pk).first()
    if row is None:
        raise NotFound(message)
    return row


def named_row(rows, pk: int | None, code: str, message: str, status: int = 422):
    """The row `pk` of `rows` that a request names (None where it names none), else the
    refusal `code` with `message`: 422 unless told otherwise, as the object the path names
    exists and the id the request gives beside it is what is wrong."""
    if pk is None:
        return None
    row = rows.filter(pk=pk).first()
    if row is None:
        raise ActionError(code, message, status=status)
    return row


# --- refusals, written once for every app ------------------------------------------------


def refusal(code: str, message: str, status: int = 409, *, log=None, **details) -> ActionError:
    """The refusal to raise: 409 (the state does not allow it) unless told otherwise. With an
    app's logger (lianghui.<app>…), its code (never the user's input) is logged as a warning,
    "<app> refused: <code>"."""
    if log is not None:
        log.warning("%s refused: %s", log.name.removeprefix("lianghui.").split(".")[0], code)
    return ActionError(code, message, status=status, **details)


def refusals_logged_as(log, what: str):
    """An app's `_refuse(code, message, status=409, **log_fields)`: the refusal, with its code
    and the fields that say which object it was about logged as a warning, "<what> refused:
    <code> {fields}"; the fields go to the log only, never to the user."""

    def refuse(code: str, message: str, status: int = 409, **log_fields) -> ActionError:
        log.warning("%s refused: %s %s", what, code, log_fields)
        return ActionError(code, message, status=status)

    return refuse


def invalid(code: str, message: str, *, log=None, **details) -> ActionError:
    """The refusal of bad input: 422."""
    return refusal(code, message, 422, log=log, **details)


def refuse_if(code: str, message: str | None, status: int = 422) -> None:
    """Raise the refusal a rules function gave (its Chinese reason), or nothing if it gave none."""
    if message:
        raise ActionError(code, message, status=status)
