"""Sign-in slips for the secretariat: issue (the secrets are in this one answer only),
revoke, and list who holds which slip and who has signed in — for a session's roster (in
office on its opening day) or a term's (in office today)."""

from datetime import datetime

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from lianghui.accounts import actions, roster, rules
from lianghui.errors import NotFound, PermissionDenied
from lianghui.people.access import is_secretariat
from lianghui.sessions.models import Session, Term

router = Router(tags=["accounts 账号与签到条"])


class SlipIssueIn(Schema):
    valid_days: int = Field(rules.DEFAULT_VALID_DAYS, description="有效天数，1 至 180")
    person_ids: list[int] | None = Field(None, description="只为这些人员签发（重新签发）")
    organisation_id: int | None = Field(None, description="只为一个代表团或界别签发")
    only_missing: bool = Field(True, description="跳过已有有效签到条的人员")


class SlipPrintedOut(Schema):
    slip_id: int
    person_id: int
    name: str
    group: str
    link: str = Field(description="一次性登录链接（二维码内容）；只在本次回答中出现")
    code: str = Field(description="登录码；只在本次回答中出现")
    expires_at: datetime


class SlipSkippedOut(Schema):
    person_id: int
    name: str
    reason: str


class SlipIssueOut(Schema):
    issued: list[SlipPrintedOut]
    skipped: list[SlipSkippedOut]
    accounts_created: int


class SlipRevokeIn(Schema):
    reason: str


class SlipOut(Schema):
    slip_id: int
    person_id: int
    state: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None


class SlipRowOut(Schema):
    person_id: int
    name: str
    group: str
    slip: SlipOut | None
    last_login: datetime | None


def _owner(request, model, pk: int):
    if not is_secretariat(request.user):
        raise PermissionDenied("只有会务组可以管理签到条。")
    owner = (
        model.objects.select_related("term__body" if model is Session else "body")
        .filter(pk=pk)
        .first()
    )
    if owner is None:
        raise NotFound("未找到该会议。" if model is Session else "未找到该届。")
    return owner


def _slip_out(slip, now) -> dict:
    return {
        "slip_id": slip.pk,
        "person_id": slip.person_id,
        "state": slip.state(now),
        "issued_at": slip.issued_at,
        "expires_at": slip.expires_at,
        "used_at": slip.used_at,
        "revoked_at": slip.revoked_at,
    }


def _rows(owner, organisation_id: int | None) -> list[dict]:
    now = timezone.now()
    return [
        {
            "person_id": row.person.pk,
            "name": row.person.name,
            "group": row.group,
            "slip": _slip_out(row.slip, now) if row.slip else None,
            "last_login": row.last_login,
        }
        for row in roster.rows(owner, now, organisation_id=organisation_id)
    ]


def _issue(request, response: HttpResponse, owner, payload: SlipIssueIn):
    response["Cache-Control"] = "no-store"  # the answer holds the slips' secrets
    issue = actions.issue_slips(
        owner,
        request.user,
        valid_days=payload.valid_days,
        person_ids=payload.person_ids,
        organisation_id=payload.organisation_id,
        only_missing=payload.only_missing,
    )
    return Status(
        201,
        {
            "issued": [
                {
                    "slip_id": p.slip_id,
                    "person_id": p.person.pk,
                    "name": p.person.name,
                    "group": p.group,
                    "link": request.build_absolute_uri(
                        reverse("accounts:signin_link", args=[p.token])
                    ),
                    "code": p.code_display,
                    "expires_at": p.expires_at,
                }
                for p in issue.printed
            ],
            "skipped": [
                {"person_id": person.pk, "name": person.name, "reason": reason}
                for person, reason in issue.skipped
            ],
            "accounts_created": issue.accounts_created,
        },
    )


@router.get(
    "/sessions/{session_id}/slips", response=list[SlipRowOut], summary="签到条与登录情况（会议）"
)
def list_session_slips(request, session_id: int, organisation_id: int | None = None):
    return _rows(_owner(request, Session, session_id), organisation_id)


@router.post(
    "/sessions/{session_id}/slips", response={201: SlipIssueOut}, summary="签发签到条（会议）"
)
def issue_session_slips(request, response: HttpResponse, session_id: int, payload: SlipIssueIn):
    return _issue(request, response, _owner(request, Session, session_id), payload)


@router.get("/terms/{term_id}/slips", response=list[SlipRowOut], summary="签到条与登录情况（届）")
def list_term_slips(request, term_id: int, organisation_id: int | None = None):
    return _rows(_owner(request, Term, term_id), organisation_id)


@router.post("/terms/{term_id}/slips", response={201: SlipIssueOut}, summary="签发签到条（届）")
def issue_term_slips(request, response: HttpResponse, term_id: int, payload: SlipIssueIn):
    return _issue(request, response, _owner(request, Term, term_id), payload)


@router.post("/slips/{slip_id}/revoke", response=SlipOut, summary="作废签到条")
def revoke_slip(request, slip_id: int, payload: SlipRevokeIn):
    slip = actions.revoke_slip(slip_id, request.user, payload.reason)
    return _slip_out(slip, timezone.now())
