"""The published OpenAPI document: what lianghui.api.api generates, made complete and checked.

- Every operation may answer an error, and every error has one shape: JSON
  ``{"code", "message", "details"?}`` with a Chinese message (lianghui/api.py). django-ninja
  documents only the statuses a handler declares, so a client (or schemathesis) would meet
  undocumented 401, 403, 404, 409, 422 and 503 answers; ``complete`` documents them all once:
  ``4XX`` and ``503`` with the Error schema, beside whatever the handler declares.
- Schema names are global in an OpenAPI document. django-ninja names a component after its
  class and silently keeps the last of two classes with the same name, so one operation is
  documented with another's body. ``clashes`` finds them; a test keeps the list empty.
- ``docs/openapi.json`` is the committed snapshot; a test compares it with the generated one.
  Regenerate it after changing the API with ``REGENERATE``.
"""

import json
from pathlib import Path

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.responses import NinjaJSONEncoder

SNAPSHOT = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"
REGENERATE = ".venv/bin/python manage.py openapi --write"

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "稳定的错误代码，例如 not_found、forbidden"},
        "message": {"type": "string", "description": "中文说明"},
        "details": {"type": "object", "description": "补充信息，例如逐行的错误"},
    },
    "required": ["code", "message"],
}
ERROR_RESPONSES = {
    "4XX": "请求被拒绝（未登录、无权限、未找到、状态不允许或数据有误）",
    "503": "服务暂时不可用（如数据库无法连接），请稍后重试",
}


class DocumentedAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document names the error answers of every operation."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> OpenAPISchema:
        return complete(
            super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        )


def complete(schema: OpenAPISchema) -> OpenAPISchema:
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema["paths"].values():
        for operation in operations.values():
            # Status keys as JSON has them (django-ninja uses ints), so "4XX" sorts with them.
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, description in ERROR_RESPONSES.items():
                responses.setdefault(status, {"description": description, "content": error})
    return schema


def text(api: NinjaAPI) -> str:
    """The document as committed: sorted keys, Chinese unescaped, one trailing newline."""
    schema = api.get_openapi_schema()
    return (
        json.dumps(schema, cls=NinjaJSONEncoder, indent=1, sort_keys=True, ensure_ascii=False)
        + "\n"
    )


def clashes(api: NinjaAPI) -> dict[str, list[dict]]:
    """Component names that two different schemas were generated under."""
    found: dict[str, list[dict]] = {}

    class Checked(OpenAPISchema):
        def add_schema_definitions(self, definitions: dict) -> None:
            for name, definition in definitions.items():
                if name in self.schemas and self.schemas[name] != definition:
                    found.setdefault(name, [self.schemas[name]]).append(definition)
            super().add_schema_definitions(definitions)

    Checked(api, "/api/")
    return found
