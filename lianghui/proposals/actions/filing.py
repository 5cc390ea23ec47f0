"""Filing: write a draft, co-signers confirm, submit, attach documents.

- file (LOL 22; DL 15, 24, 36; 沪建议规定 4): who may file what is rules.check_filer; every
  co-signer must be a delegate (member) of the body; a joint motion needs ten (five at
  township level). The filing starts as a draft; co-signers are asked to confirm.
- confirm: each co-signer confirms (or declines) on their own account; the secretariat may
  record a signature given on paper.
- submit: all co-signers have answered, enough have confirmed, delegates' motions before the
  presidium's deadline; the filing gets its number.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lianghui.audit.log import record
from lianghui.errors import PermissionDenied
from lianghui.people.access import is_secretariat, person_of
from lianghui.people.models import BODY_KINDS, Membership, Organisation, Person
from lianghui.proposals import access, notify, rules, stored_workflow
from lianghui.proposals.actions._base import (
    check_uploads,
    clean,
    invalid,
    locked,
    member_word,
    move,
    next_number,
    refuse,
    store_uploads,
    today,
    voting_member_ids,
)
from lianghui.proposals.models import (
    Attachment,
    Filer,
    Filing,
    Kind,
    MotionDeadline,
    ProposalSettings,
    Signature,
)
from lianghui.sessions.models import Session


@dataclass(frozen=True)
class FilingDraft:
    kind: str
    body_id: int
    title: str
    filer_type: str
    session_id: int | None = None
    organisation_id: int | None = None
    lead_id: int | None = None  # the secretariat keys in a paper filing for this person
    cosigner_ids: tuple[int, ...] = ()
    grounds: str = ""
    solution: str = ""
    text: str = ""
    subject: str = ""


def _body_and_session(draft: FilingDraft):
    body = Organisation.objects.filter(pk=draft.body_id, kind__in=BODY_KINDS).first()
    if body is None:
        raise invalid("unknown_body", "未找到该人民代表大会或政协委员会。")
    session = None
    if draft.session_id is not None:
        session = (
            Session.objects.select_related("term")
            .filter(pk=draft.session_id, term__body=body)
            .first()
        )
        if session is None:
            raise invalid("bad_session", "该会议不属于所选机关。")
    if draft.kind == Kind.MOTION and session is None:
        raise invalid(
            "session_required", "议案在人民代表大会举行会议的时候提出（LOL 22），请选择会议。"
        )
    return body, session


def _names(person_ids) -> str:
    names = Person.objects.filter(pk__in=list(person_ids)).values_list("name", flat=True)
    return "、".join(sorted(names)) or "、".join(str(i) for i in person_ids)


def _check_signers(body, lead_id: int, cosigner_ids) -> list[int]:
    """The co-signers, each a delegate (member) of the body today; the lead too."""
    cosigners = list(dict.fromkeys(i for i in cosigner_ids if i != lead_id))
    known = set(Person.objects.filter(pk__in=[lead_id, *cosigners]).values_list("pk", flat=True))
    unknown = [i for i in [lead_id, *cosigners] if i not in known]
    if unknown:
        raise invalid("unknown_person", f"未找到联名人（编号 {'、'.join(map(str, unknown))}）。")
    members = voting_member_ids(body, today(), [lead_id, *cosigners])
    word = member_word(body)
    if lead_id not in members:
        raise invalid("lead_not_member", f"{_names([lead_id])}不是{body}的{word}，不能领衔提出。")
    outsiders = [i for i in cosigners if i not in members]
    if outsiders:
        raise invalid(
            "not_a_delegate",
            f"{_names(outsiders)}不是{body}的{word}，不能参加联名。",
            person_ids=outsiders,
        )
    return cosigners


def _lead(draft: FilingDraft, actor) -> int:
    if draft.lead_id is not None and is_secretariat(actor):
        return draft.lead_id
    person = person_of(actor)
    if person is None or (draft.lead_id is not None and draft.lead_id != person.pk):
        raise PermissionDenied("请以本人账号提出；书面提出的由秘书处代为录入。")
    return person.pk


def _organisation(draft: FilingDraft, body, actor) -> Organisation:
    filer_type = rules.FilerType(draft.filer_type)
    org = Organisation.objects.filter(pk=draft.organisation_id).first()
    kinds = rules.FILER_ORG_KINDS[filer_type]
    if org is None or org.kind not in kinds:
        raise invalid("bad_organisation", "请选择提出的机构（类型须与提出者类型一致）。")
    if filer_type in rules.FILER_ORG_IN_BODY and org.parent_id != body.pk:
        raise invalid("bad_organisation", f"{org}不属于{body}。")
    if not (is_secretariat(actor) or org.pk in access.org_ids(actor)):
        raise PermissionDenied(f"只有{org}的负责人、工作人员或秘书处可以以其名义提出。")
    return org


def _group(body, person_id: int):
    """The lead's delegation or sector in this body, for the statistics."""
    return (
        Membership.objects.active_on(today())
        .filter(
            person_id=person_id,
            organisation__parent=body,
            organisation__kind__in=["delegation", "sector"],
        )
        .values_list("organisation_id", flat=True)
        .first()
    )


def _add_signers(filing: Filing, lead_id: int, cosigners: list[int], actor, now) -> None:
    """The lead, confirmed (on paper when someone else enters it), and the co-signers asked."""
    own = person_of(actor) is not None and person_of(actor).pk == lead_id
    Filer.objects.create(
        filing=filing,
        person_id=lead_id,
        lead=True,
        signature=Signature.CONFIRMED,
        confirmed_at=now,
        on_paper=not own,
    )
    Filer.objects.bulk_create(
        Filer(filing=filing, person_id=pid, order=i) for i, pid in enumerate(cosigners, start=1)
    )


def file(draft: FilingDraft, actor) -> Filing:
    """Write a new filing as a draft; co-signers are asked to confirm it."""
    if draft.kind not in Kind.values or draft.filer_type not in {f.value for f in rules.FilerType}:
        raise invalid("bad_kind", "未知的类别或提出者类型。")
    body, session = _body_and_session(draft)
    conf = ProposalSettings.for_body(body.pk)
    lead_id, cosigners, org = None, [], None
    by_people = draft.filer_type in rules.PERSON_FILERS
    if not by_people and (draft.cosigner_ids or draft.lead_id):
        raise invalid("org_has_no_signers", "以机构名义提出的不设领衔人和联名人。")
    if by_people:
        lead_id = _lead(draft, actor)
        cosigners = list(dict.fromkeys(i for i in draft.cosigner_ids if i != lead_id))
    verdict = rules.check_filer(
        draft.kind,
        draft.filer_type,
        body_kind=body.kind,
        signers=1 + len(cosigners) if by_people else 0,
        township=conf.township,
        delegations_may_file_motions=conf.delegations_may_file_motions,
    )
    if not verdict.ok:
        raise invalid(verdict.code, verdict.reason)
    if by_people:
        cosigners = _check_signers(body, lead_id, cosigners)
    else:
        org = _organisation(draft, body, actor)
    title, grounds, solution, text = (
        clean(draft.title, 200),
        clean(draft.grounds),
        clean(draft.solution),
        clean(draft.text),
    )
    verdict = rules.check_content(draft.kind, title, grounds, solution, text)
    if not verdict.ok:
        raise invalid(verdict.code, verdict.reason)
    now = timezone.now()
    with transaction.atomic():
        filing = Filing.objects.create(
            kind=draft.kind,
            body=body,
            session=session,
            year=session.start_date.year if session else today().year,
            title=title,
            grounds=grounds,
            solution=solution,
            text=text,
            subject=clean(draft.subject, 40),
            filer_type=draft.filer_type,
            organisation=org,
            group_id=_group(body, lead_id) if lead_id else None,
            state=stored_workflow.initial_state(draft.kind),
            created_by=actor,
        )
        if lead_id:
            _add_signers(filing, lead_id, cosigners, actor, now)
        record(
            "proposals.filed",
            filing,
            actor=actor,
            data={
                "kind": filing.kind,
                "filer_type": filing.filer_type,
                "lead": lead_id,
                "cosigners": cosigners,
                "organisation": org.pk if org else None,
                "title": filing.title,
            },
        )
        notify.cosigners_asked(filing, cosigners)
    return filing


def update_draft(
    filing: Filing,
    actor,
    *,
    title=None,
    grounds=None,
    solution=None,
    text=None,
    subject=None,
    cosigner_ids=None,
) -> Filing:
    """Change a draft. A new list of co-signers keeps the answers of those who stay."""
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "edit_draft", actor)
        changed = []
        for field, value, limit in (
            ("title", title, 200),
            ("grounds", grounds, None),
            ("solution", solution, None),
            ("text", text, None),
            ("subject", subject, 40),
        ):
            if value is not None and clean(value, limit) != getattr(filing, field):
                setattr(filing, field, clean(value, limit))
                changed.append(field)
        verdict = rules.check_content(
            filing.kind, filing.title, filing.grounds, filing.solution, filing.text
        )
        if not verdict.ok:
            raise invalid(verdict.code, verdict.reason)
        data = {"fields": changed}
        if cosigner_ids is not None:
            data["cosigners"] = _replace_cosigners(filing, cosigner_ids)
        move(filing, target, "edit_draft", actor, data, fields=changed)
    return filing


def _replace_cosigners(filing: Filing, cosigner_ids) -> list[int]:
    if not filing.by_people:
        raise invalid("org_has_no_signers", "以机构名义提出的不设联名人。")
    lead = filing.filers.get(lead=True)
    wanted = _check_signers(filing.body, lead.person_id, cosigner_ids)
    filing.filers.filter(lead=False).exclude(person_id__in=wanted).delete()
    present = set(filing.filers.values_list("person_id", flat=True))
    new = [pid for pid in wanted if pid not in present]
    Filer.objects.bulk_create(
        Filer(filing=filing, person_id=pid, order=wanted.index(pid) + 1) for pid in new
    )
    notify.cosigners_asked(filing, new)
    return wanted


def confirm(filing: Filing, actor, *, agree: bool = True, person_id: int | None = None) -> Filer:
    """A co-signer confirms (or declines) on their own account (沪建议规定 4). The secretariat
    may record a paper signature by naming the person."""
    if person_id is not None and not is_secretariat(actor):
        raise PermissionDenied("只能确认本人的联名。")
    person = person_of(actor) if person_id is None else Person.objects.filter(pk=person_id).first()
    if person is None:
        raise PermissionDenied("只能确认本人的联名。")
    with transaction.atomic():
        filing = locked(filing.pk)
        stored_workflow.roles_or_404(filing, actor)
        signer = Filer.objects.filter(filing=filing, person=person, lead=False).first()
        if signer is None or signer.signature != Signature.PENDING:
            raise refuse("not_pending", f"{person}不在待确认的联名人之列。")
        target = stored_workflow.check(filing, "confirm", actor)
        signer.signature = Signature.CONFIRMED if agree else Signature.DECLINED
        signer.confirmed_at = timezone.now()
        signer.on_paper = person_id is not None
        signer.save(update_fields=["signature", "confirmed_at", "on_paper"])
        move(
            filing,
            target,
            "confirm",
            actor,
            {"person": person.pk, "agree": agree, "on_paper": signer.on_paper},
        )
    return signer


def submit(filing: Filing, actor) -> Filing:
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "submit", actor)
        if filing.by_people:
            pending = filing.filers.filter(signature=Signature.PENDING)
            if pending.exists():
                names = _names(pending.values_list("person_id", flat=True))
                raise refuse("signatures_pending", f"尚待以下联名人确认：{names}。")
            conf = ProposalSettings.for_body(filing.body_id)
            verdict = rules.check_filer(
                filing.kind,
                filing.filer_type,
                body_kind=filing.body.kind,
                signers=filing.filers.filter(signature=Signature.CONFIRMED).count(),
                township=conf.township,
                delegations_may_file_motions=conf.delegations_may_file_motions,
            )
            if not verdict.ok:
                raise refuse(verdict.code, verdict.reason)
        if filing.kind == Kind.MOTION and filing.filer_type in ("delegates", "delegation"):
            deadline = MotionDeadline.objects.filter(session_id=filing.session_id).first()
            if deadline and timezone.now() > deadline.closes_at:
                local = timezone.localtime(deadline.closes_at)
                raise refuse(
                    "past_deadline", f"代表提出议案的截止时间（{local:%m月%d日 %H:%M}）已过。"
                )
        filing.number = next_number(filing)
        filing.submitted_at = timezone.now()
        move(
            filing,
            target,
            "submit",
            actor,
            {"number": filing.number},
            fields=["number", "submitted_at"],
        )
    return filing


def attach(filing: Filing, filename: str, data: bytes, actor) -> Attachment:
    """Add a PDF or Word document to a draft (checked by content, stored under a random name)."""
    checked = check_uploads([(filename, data)])
    with transaction.atomic():
        filing = locked(filing.pk)
        target = stored_workflow.check(filing, "edit_draft", actor)
        move(filing, target, "edit_draft", actor, {"attached": checked[0][0][:200]})
        (attachment,) = store_uploads(filing, checked, actor)
    return attachment
