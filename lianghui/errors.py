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
