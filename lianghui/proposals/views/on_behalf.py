"""代为录入、以机构名义提出: the filing form for whoever files for someone else.

- The secretariat keys in a paper filing for a delegate or member (the lead, whose paper
  stands for the signature; co-signers then confirm on their own account, or the secretariat
  records their paper signatures on the filing's page), or a filing of an organisation: a
  party, a people's organisation, a special committee or a sector (提案); the presidium, the
  standing committee, the government, a special committee (议案).
- An organisation's officers (access.org_ids) file in its name with the same form, for
  their own organisations only.

One page per body and kind (chosen first); saved as a draft, as on the filer's own form.
Whether this filer may file this kind to this body is actions.file's to decide; a refusal
comes back with what was typed still in the form.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext

from lianghui.people.access import is_secretariat
from lianghui.people.models import BODY_KINDS, Organisation
from lianghui.proposals import access, forms
from lianghui.proposals.actions import FilingDraft
from lianghui.proposals.models import FilerType, Kind
from lianghui.proposals.views._common import (
    new_filing_page,
    render_page,
)
from lianghui.proposals.views.mine import KIND_ORDER, kinds_for


def _filer_orgs(user, body, kind: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The form's choices: [(type label, [("type:org id", name), …]), …]."""
    return [
        (FilerType(t.value).label, [(f"{t.value}:{o.pk}", o.name) for o in orgs])
        for t, orgs in access.filing_organisations(user, body, kind)
    ]


def _may_use(user) -> bool:
    return is_secretariat(user) or access.files_for_an_organisation(user)


def _chooser(request):
    bodies = Organisation.objects.filter(kind__in=BODY_KINDS).order_by("kind", "name")
    rows = []
    for body in bodies:
        kinds = [
            (k, Kind(k).label)
            for k in kinds_for(body)
            if is_secretariat(request.user) or _filer_orgs(request.user, body, k)
        ]
        if kinds:
            rows.append((body, kinds))
    if not rows:
        raise Http404()
    return render_page(request, "proposals/file_for.html", {"choose": rows})


def _draft(request, body, kind: str, by_person: bool) -> FilingDraft:
    post = request.POST
    common = {
        "kind": kind,
        "body_id": body.pk,
        "session_id": forms.optional_number(post.get("session"), "会议"),
        "title": post.get("title", ""),
        "grounds": post.get("grounds", ""),
        "solution": post.get("solution", ""),
        "text": post.get("text", ""),
        "subject": post.get("subject", ""),
    }
    if by_person:
        return FilingDraft(
            filer_type=forms.PERSON_FILER[body.kind],
            lead_id=forms.lead_id(body, post.get("lead", "")),
            cosigner_ids=tuple(forms.signer_ids(body, post.get("cosigners", ""))),
            **common,
        )
    filer_type, org_id = forms.filer_organisation(post.get("organisation", ""))
    return FilingDraft(filer_type=filer_type, organisation_id=org_id, **common)


@login_required
def file_for(request):
    """GET without a body and kind: choose them. Then the form; POST saves the draft."""
    if not _may_use(request.user):
        raise Http404()
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "")
    raw = data.get("body", "")
    body = None
    if raw.isascii() and raw.isdigit():
        body = Organisation.objects.filter(pk=int(raw), kind__in=BODY_KINDS).first()
    if body is None or kind not in KIND_ORDER or kind not in kinds_for(body):
        return _chooser(request)
    secretariat = is_secretariat(request.user)
    orgs = _filer_orgs(request.user, body, kind)
    people = secretariat  # only the secretariat keys in a person's paper filing
    if not (people or orgs):
        raise Http404()

    def draft() -> FilingDraft:
        by_person = request.POST.get("by", "") == "person"
        if by_person and not people:
            raise forms.bad("bad_filer", "只有秘书处可以代代表或委员录入书面提出的件。")
        return _draft(request, body, kind, by_person)

    return new_filing_page(
        request,
        "proposals/file_for.html",
        kind,
        body,
        draft,
        gettext("已保存为草稿。请核对后点击“提交”；联名人须确认，或录入其书面签名。"),
        orgs=orgs,
        people=people,
        member_word="代表" if body.kind == "congress" else "委员",
        start={"by": "person" if people else "organisation"},
    )
