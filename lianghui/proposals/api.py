"""Motions, suggestions, proposals and opinion reports: the JSON API.

Every endpoint is a gate (access.filing_for, assignment_for, reply_for: 404 to whoever may
not see the object) and one action; refusals come back as {code, message} with a Chinese
message (lianghui.api). Reading is open to the public for what is published; the lists and
the filing show each reader only what access.py lets them see.
"""

from dataclasses import asdict

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from lianghui.api_access import PUBLIC
from lianghui.errors import ActionError, NotFound
from lianghui.people.access import is_secretariat
from lianghui.people.models import Organisation, OrgKind
from lianghui.proposals import access, actions, due, forms, search, stats, stored_workflow
from lianghui.proposals import desk as desk_module
from lianghui.proposals.actions import FilingDraft, Recipient, UnitOrder
from lianghui.proposals.models import (
    Filer,
    Filing,
    Kind,
    ProposalSettings,
)
from lianghui.proposals.outputs import (
    attachment_out,
    co_opinion_out,
    due_out,
    extension_request_out,
    feedback_out,
    filer_out,
    filing_out,
    rating_out,
    reassign_request_out,
    reply_out,
    row_out,
    settings_out,
    statistics_out,
)
from lianghui.proposals.schemas import (
    AdoptIn,
    AnswerIn,
    AssignIn,
    AttachmentOut,
    CommitteeOpinionIn,
    ConfirmIn,
    CoOpinionOut,
    DeadlineIn,
    DeadlineOut,
    DecideIn,
    DeskOut,
    DraftIn,
    DueOut,
    EditIn,
    ExtendIn,
    ExtensionRequestIn,
    ExtensionRequestOut,
    FeedbackIn,
    FeedbackOut,
    FilerOut,
    FilingIn,
    FilingOut,
    FilingPage,
    ForwardIn,
    KeyIn,
    MemberChoiceOut,
    MergeIn,
    PublishIn,
    RateIn,
    RatingOut,
    ReasonIn,
    ReassignIn,
    ReassignRequestIn,
    ReplyOut,
    RequestOut,
    ReviewIn,
    SettingsIn,
    SettingsOut,
    StatisticsOut,
    TextIn,
    UnitOut,
)
from lianghui.proposals.views._common import filings_with_leads
from lianghui.sessions import access as session_access

router = Router(tags=["proposals 议案建议提案"])

MAX_PAGE_SIZE = 100


def _out(request, filing: Filing) -> dict:
    """The filing as it is now, through the gate again (an action may have closed it)."""
    return filing_out(access.filing_for(request.user, filing.pk), request.user)


def _filing(request, filing_id: int) -> Filing:
    return access.filing_for(request.user, filing_id)


# --- reading -------------------------------------------------------------------------


@router.get(
    "/",
    response=FilingPage,
    auth=PUBLIC,
    summary="列表与检索（关键词、提出人；各人只见其可见范围；公众只见已公开的）",
)
def list_filings(
    request,
    q: str = "",
    kind: str = "",
    state: str = "",
    year: int | None = None,
    unit_id: int | None = None,
    body_id: int | None = None,
    filer_id: int | None = None,
    filer_name: str = "",
    organisation_id: int | None = None,
    page: int = 1,
    page_size: int = 50,
):
    """q: keywords in Chinese, every one must match (search.py), best match first;
    filer_id: a person who filed or co-signed; filer_name: part of the name of one, or of an
    organisation that filed; organisation_id: the organisation that filed."""
    page, page_size = max(page, 1), min(max(page_size, 1), MAX_PAGE_SIZE)
    filings = search.narrow(
        access.visible_filings(request.user),
        body_id=body_id,
        kind=kind,
        year=year,
        state=state,
        unit_id=unit_id,
        filer_id=filer_id,
        filer_name=filer_name.strip()[:40],
        organisation_id=organisation_id,
    )
    labels = stored_workflow.state_labels()
    if q.strip():
        found = search.search_in(filings, q, page=page, per_page=page_size)
        leads = Filer.objects.filter(lead=True).select_related("person")
        prefetch_related_objects(found.filings, Prefetch("filers", leads, to_attr="leads"))
        return {
            "count": found.total,
            "page": page,
            "page_size": page_size,
            "items": [row_out(f, labels) for f in found.filings],
            "mode": found.mode,
            "words": found.words,
        }
    count = filings.count()
    start = (page - 1) * page_size
    rows = filings_with_leads(filings).order_by("-year", "kind", "number", "id")
    rows = rows[start : start + page_size]
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "items": [row_out(f, labels) for f in rows],
    }


# --- statistics, the overdue list, the secretariat's desk -----------------------------


def _secretariat_only(request) -> None:
    """As on the pages: to anyone but the secretariat, these do not exist."""
    if not is_secretariat(request.user):
        raise NotFound("未找到，或您无权查看。")


@router.get(
    "/statistics",
    response=StatisticsOut,
    summary="统计：按类别、提出者、代表团或界别、内容、承办单位、状态；办复率、按期答复率、满意率（秘书处）",
)
def statistics(request, body_id: int | None = None, year: int | None = None, kind: str = ""):
    _secretariat_only(request)
    if body_id is not None:
        access.body_for(body_id)
    if kind and kind not in Kind.values:
        raise ActionError("bad_kind", "类别只能是议案、建议、提案或社情民意信息。", status=422)
    return statistics_out(stats.statistics(body_id, year, kind or None))


@router.get(
    "/overdue",
    response=list[DueOut],
    summary="逾期清单：逾期未答复、未提出会办意见、未评价的（秘书处看全部，承办单位看本单位的）",
)
def overdue(request):
    today = timezone.localdate()
    if is_secretariat(request.user):
        rows = due.overdue(today)
    else:
        units = access.unit_ids(request.user)
        if not units:
            raise NotFound("未找到，或您无权查看。")
        rows = [d for d in due.overdue(today) if d.assignment and d.assignment.unit_id in units]
    return [due_out(d, today) for d in rows]


@router.get("/desk", response=DeskOut, summary="秘书处工作台：各项待办件数与各状态件数")
def desk(request):
    _secretariat_only(request)
    now = desk_module.desk(timezone.localdate())
    return {
        "today": now.today,
        "to_review": now.to_review,
        "to_assign": now.to_assign,
        "reassign_requests": now.reassign_requests,
        "extension_requests": now.extension_requests,
        "overdue": len(now.overdue),
        "awaiting_rating": len(now.awaiting_rating),
        "states": [asdict(c) for c in now.states],
    }


@router.get("/units", response=list[UnitOut], summary="承办单位名单")
def units(request):
    return [
        {"id": u.pk, "name": u.name, "short_name": u.short_name}
        for u in Organisation.objects.filter(kind=OrgKind.HANDLING_UNIT).order_by("order", "name")
    ]


@router.get(
    "/bodies/{body_id}/members",
    response=list[MemberChoiceOut],
    summary="按姓名查找代表或委员（联名用）",
)
def members(request, body_id: int, q: str = ""):
    body = access.body_for(body_id)
    return [
        {"id": p.pk, "name": p.name, "group": group}
        for p, group in forms.members_named(body, q.strip())
    ]


@router.get(
    "/{filing_id}",
    response=FilingOut,
    auth=PUBLIC,
    summary="一件：提出人、交办、答复、评价、决定与可执行的操作",
)
def get_filing(request, filing_id: int):
    return filing_out(_filing(request, filing_id), request.user)


# --- filing --------------------------------------------------------------------------


@router.post("/", response={201: FilingOut}, summary="提出（保存为草稿；联名人另行确认）")
def file(request, payload: FilingIn):
    fields = payload.dict()
    fields["cosigner_ids"] = tuple(fields["cosigner_ids"])
    filing = actions.file(FilingDraft(**fields), request.user)
    return Status(201, _out(request, filing))


@router.post("/{filing_id}/draft", response=FilingOut, summary="修改草稿（含联名人名单）")
def update_draft(request, filing_id: int, payload: DraftIn):
    filing = actions.update_draft(
        _filing(request, filing_id), request.user, **payload.dict(exclude_unset=True)
    )
    return _out(request, filing)


@router.post(
    "/{filing_id}/confirm", response=FilerOut, summary="联名人确认或拒绝联名；秘书处录入书面签名"
)
def confirm(request, filing_id: int, payload: ConfirmIn):
    # The signature, not the filing: one who declines no longer sees the filing.
    filing = _filing(request, filing_id)
    f = actions.confirm(filing, request.user, agree=payload.agree, person_id=payload.person_id)
    return filer_out(f)


@router.post(
    "/{filing_id}/attachments",
    response={201: AttachmentOut},
    summary="上传附件（PDF/Word，草稿阶段）",
)
def attach(request, filing_id: int, file: File[UploadedFile]):
    attachment = actions.attach(
        _filing(request, filing_id), file.name or "", file.read(), request.user
    )
    return Status(201, attachment_out(attachment))


@router.post("/{filing_id}/submit", response=FilingOut, summary="提交（编号）")
def submit(request, filing_id: int):
    return _out(request, actions.submit(_filing(request, filing_id), request.user))


@router.post("/{filing_id}/withdraw", response=FilingOut, summary="撤回，或申请撤回")
def withdraw(request, filing_id: int, payload: ReasonIn):
    filing = actions.withdraw(_filing(request, filing_id), request.user, reason=payload.reason)
    return _out(request, filing)


# --- motions -------------------------------------------------------------------------


@router.post(
    "/sessions/{session_id}/motion-deadline",
    response=DeadlineOut,
    summary="主席团确定代表提出议案的截止时间",
)
def set_motion_deadline(request, session_id: int, payload: DeadlineIn):
    session = session_access.session_for(request.user, session_id)
    deadline = actions.set_motion_deadline(session, payload.closes_at, request.user)
    return {"session_id": session.pk, "closes_at": deadline.closes_at}


@router.post("/{filing_id}/decision", response=FilingOut, summary="主席团关于议案的决定（附理由）")
def decide_motion(request, filing_id: int, payload: DecideIn):
    filing = _filing(request, filing_id)
    actions.decide_motion(
        filing, payload.decision, request.user, **payload.dict(exclude={"decision"})
    )
    return _out(request, filing)


@router.post("/{filing_id}/committee-opinion", response=FilingOut, summary="专门委员会审议意见")
def committee_opinion(request, filing_id: int, payload: CommitteeOpinionIn):
    filing = _filing(request, filing_id)
    actions.committee_opinion(
        filing, payload.text, request.user, recommend_listing=payload.recommend_listing
    )
    return _out(request, filing)


@router.post("/{filing_id}/study-report", response=FilingOut, summary="闭会后审议结果报告")
def study_report(request, filing_id: int, payload: TextIn):
    filing = _filing(request, filing_id)
    actions.study_report(filing, payload.text, request.user)
    return _out(request, filing)


# --- review, merging, key filings, publication ----------------------------------------


@router.post(
    "/{filing_id}/review",
    response=FilingOut,
    summary="审查：立案（受理）、不予立案、转来信、转社情民意",
)
def review(request, filing_id: int, payload: ReviewIn):
    filing = actions.review(
        _filing(request, filing_id), payload.outcome, request.user, reasons=payload.reasons
    )
    return _out(request, filing)


@router.post("/{filing_id}/merge", response=FilingOut, summary="并案（返回并入的件）")
def merge(request, filing_id: int, payload: MergeIn):
    filing = _filing(request, filing_id)
    into = _filing(request, payload.into_id)
    return _out(request, actions.merge(filing, into, request.user, reasons=payload.reasons))


@router.post("/{filing_id}/key", response=FilingOut, summary="设为（或取消）重点督办，指定督办领导")
def flag_key(request, filing_id: int, payload: KeyIn):
    filing = actions.flag_key(_filing(request, filing_id), request.user, **payload.dict())
    return _out(request, filing)


@router.post("/{filing_id}/publish", response=FilingOut, summary="公开该件及其答复")
def publish(request, filing_id: int, payload: PublishIn):
    filing = actions.publish(_filing(request, filing_id), request.user, reply_ids=payload.reply_ids)
    return _out(request, filing)


# --- handling ------------------------------------------------------------------------


@router.post("/{filing_id}/assign", response=FilingOut, summary="交办：主办与会办，或分办")
def assign(request, filing_id: int, payload: AssignIn):
    filing = _filing(request, filing_id)
    orders = [UnitOrder(o.unit_id, o.role, o.part) for o in payload.units]
    actions.assign(filing, orders, request.user, difficult=payload.difficult)
    return _out(request, filing)


@router.post(
    "/assignments/{assignment_id}/reassign-request",
    response={201: RequestOut},
    summary="承办单位申请退回改办",
)
def request_reassign(request, assignment_id: int, payload: ReassignRequestIn):
    assignment = access.assignment_for(request.user, assignment_id)
    row = actions.request_reassign(
        assignment, payload.reason, request.user, suggested_unit_id=payload.suggested_unit_id
    )
    return Status(201, reassign_request_out(row))


@router.post("/assignments/{assignment_id}/reassign", response=FilingOut, summary="改办（秘书处）")
def reassign(request, assignment_id: int, payload: ReassignIn):
    assignment = access.assignment_for(request.user, assignment_id)
    row = (
        access.reassign_request_for(request.user, payload.request_id)
        if payload.request_id
        else None
    )
    actions.reassign(assignment, payload.unit_id, payload.reason, request.user, request=row)
    return _out(request, assignment.filing)


@router.post(
    "/reassign-requests/{request_id}/refuse", response=RequestOut, summary="不同意改办（秘书处）"
)
def refuse_reassign(request, request_id: int, payload: AnswerIn):
    row = access.reassign_request_for(request.user, request_id)
    return reassign_request_out(actions.refuse_reassign(row, payload.answer, request.user))


@router.post(
    "/assignments/{assignment_id}/extend", response=FilingOut, summary="延长答复期限（秘书处）"
)
def extend(request, assignment_id: int, payload: ExtendIn):
    assignment = access.assignment_for(request.user, assignment_id)
    actions.extend(assignment, payload.due, payload.reason, request.user)
    return _out(request, assignment.filing)


@router.post(
    "/assignments/{assignment_id}/extension-request",
    response={201: ExtensionRequestOut},
    summary="承办单位申请延期（说明理由，可写明希望延至的日期）",
)
def request_extension(request, assignment_id: int, payload: ExtensionRequestIn):
    assignment = access.assignment_for(request.user, assignment_id)
    row = actions.request_extension(
        assignment, payload.reason, request.user, wanted_due=payload.wanted_due
    )
    return Status(201, extension_request_out(row))


@router.post(
    "/extension-requests/{request_id}/refuse",
    response=ExtensionRequestOut,
    summary="不同意延期（秘书处；同意延期用 extend）",
)
def refuse_extension(request, request_id: int, payload: AnswerIn):
    row = access.extension_request_for(request.user, request_id)
    return extension_request_out(actions.refuse_extension(row, payload.answer, request.user))


@router.post(
    "/assignments/{assignment_id}/co-opinion",
    response={201: CoOpinionOut},
    summary="会办单位向主办单位提出会办意见",
)
def co_opinion(request, assignment_id: int, payload: TextIn):
    assignment = access.assignment_for(request.user, assignment_id)
    opinion = actions.co_opinion(assignment, payload.text, request.user)
    return Status(201, co_opinion_out(opinion))


@router.post(
    "/assignments/{assignment_id}/reply",
    response={201: ReplyOut},
    summary="答复（办理结果与附件，multipart）",
)
def reply(
    request,
    assignment_id: int,
    text: Form[str],
    result: Form[str],
    files: File[list[UploadedFile]] = None,
):
    assignment = access.assignment_for(request.user, assignment_id)
    uploads = [(f.name or "", f.read()) for f in files or ()]
    answer = actions.reply(assignment, text, result, request.user, files=uploads)
    return Status(201, reply_out(access.reply_for(request.user, answer.pk)))


@router.post(
    "/replies/{reply_id}/rate", response={201: RatingOut}, summary="提出人评价答复（每份答复一次）"
)
def rate(request, reply_id: int, payload: RateIn):
    answer = access.reply_for(request.user, reply_id)
    rating = actions.rate(answer, payload.level, request.user, comment=payload.comment)
    return Status(201, rating_out(rating))


@router.post("/{filing_id}/conclude", response=FilingOut, summary="办结")
def conclude(request, filing_id: int):
    return _out(request, actions.conclude(_filing(request, filing_id), request.user))


# --- opinion reports -----------------------------------------------------------------


@router.post("/{filing_id}/edit", response=FilingOut, summary="编辑社情民意信息（保留原稿）")
def edit(request, filing_id: int, payload: EditIn):
    filing = actions.edit(
        _filing(request, filing_id), request.user, **payload.dict(exclude_unset=True)
    )
    return _out(request, filing)


@router.post("/{filing_id}/adopt", response=FilingOut, summary="采用或不予采用")
def adopt(request, filing_id: int, payload: AdoptIn):
    filing = actions.adopt(
        _filing(request, filing_id), payload.adopted, request.user, note=payload.note
    )
    return _out(request, filing)


@router.post("/{filing_id}/forward", response=FilingOut, summary="报送领导或单位")
def forward(request, filing_id: int, payload: ForwardIn):
    filing = _filing(request, filing_id)
    recipients = [Recipient(r.unit_id, r.leader_id, r.name) for r in payload.recipients]
    actions.forward(filing, recipients, request.user, note=payload.note)
    return _out(request, filing)


@router.post("/{filing_id}/feedback", response={201: FeedbackOut}, summary="记录单位反馈或领导批示")
def record_feedback(request, filing_id: int, payload: FeedbackIn):
    filing = _filing(request, filing_id)
    row = actions.record_feedback(
        filing,
        payload.kind,
        payload.source,
        payload.text,
        request.user,
        forward_id=payload.forward_id,
        leader_id=payload.leader_id,
        received_on=payload.received_on,
    )
    return Status(201, feedback_out(row))


# --- settings ------------------------------------------------------------------------


@router.get("/bodies/{body_id}/settings", response=SettingsOut, summary="办理设置（期限等）")
def get_settings(request, body_id: int):
    return settings_out(ProposalSettings.for_body(access.body_for(body_id).pk))


@router.post(
    "/bodies/{body_id}/settings",
    response=SettingsOut,
    summary="修改办理设置（秘书处；为 null 或未给出的项保持不变）",
)
def update_settings(request, body_id: int, payload: SettingsIn):
    # A null is passed on: the action reads it as "keep this setting".
    conf = actions.update_settings(
        access.body_for(body_id), request.user, **payload.dict(exclude_unset=True)
    )
    return settings_out(conf)
