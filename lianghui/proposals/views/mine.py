"""我的议案、建议、提案: a delegate's or member's own filings, the co-signatures asked of them,
and the form to file a new one (the kinds their body takes: 建议 or a joint 议案 for congress
delegates, 提案 or 社情民意信息 for CPPCC members).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from lianghui.people.access import is_secretariat, person_of
from lianghui.people.models import BODY_KINDS, VOTING_ROLES, Membership, Organisation
from lianghui.proposals import access, forms, rules
from lianghui.proposals.actions import FilingDraft
from lianghui.proposals.models import Filer, Filing, Kind, Signature
from lianghui.proposals.views._common import (
    filings_with_leads,
    labelled,
    new_filing_page,
    render_page,
)

# The order the kinds are offered in: the everyday one first.
KIND_ORDER = (Kind.SUGGESTION, Kind.MOTION, Kind.PROPOSAL, Kind.OPINION)


def my_bodies(person) -> list:
    """The congresses and CPPCC committees the person is a delegate or member of today."""
    if person is None:
        return []
    rows = (
        Membership.objects.active_on(timezone.localdate())
        .filter(person=person, role__in=VOTING_ROLES, organisation__kind__in=BODY_KINDS)
        .select_related("organisation")
    )
    return list({m.organisation_id: m.organisation for m in rows}.values())


def kinds_for(body) -> list[str]:
    return [k for k in KIND_ORDER if rules.BODY_KIND[rules.Kind(k)] == body.kind]


@login_required
def mine(request):
    person = person_of(request.user)
    asked, filings = [], []
    if person is not None:
        asked = list(
            Filer.objects.filter(
                person=person, lead=False, signature=Signature.PENDING
            ).select_related("filing__body")
        )
        orgs = access.org_ids(request.user)
        own = Q(filers__person=person, filers__signature=Signature.CONFIRMED)
        if orgs:
            own |= Q(organisation_id__in=orgs)
        filings = labelled(
            filings_with_leads(Filing.objects.filter(own).distinct()).order_by("-created_at")[:200]
        )
    bodies = [(b, [(k, Kind(k).label) for k in kinds_for(b)]) for b in my_bodies(person)]
    return render_page(
        request,
        "proposals/mine.html",
        {
            "asked": asked,
            "filings": filings,
            "bodies": bodies,
            "is_unit_staff": bool(access.unit_ids(request.user)),
            "is_secretariat": is_secretariat(request.user),
            "files_for_org": not is_secretariat(request.user)
            and access.files_for_an_organisation(request.user),
        },
    )


@login_required
def new(request):
    """The form: 案由、案据、方案 for a motion; a title and the text otherwise; co-signers by
    name; attachments. Saved as a draft: the filer submits it from the filing's page once
    the co-signers have confirmed."""
    person = person_of(request.user)
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "")
    bodies = [b for b in my_bodies(person) if kind in kinds_for(b)]
    if not bodies:
        raise Http404()
    body = next((b for b in bodies if str(b.pk) == data.get("body")), bodies[0])

    def draft() -> FilingDraft:
        post = request.POST
        return FilingDraft(
            kind=kind,
            body_id=body.pk,
            session_id=forms.optional_number(post.get("session"), "会议"),
            title=post.get("title", ""),
            filer_type=forms.PERSON_FILER[body.kind],
            cosigner_ids=tuple(forms.signer_ids(body, post.get("cosigners", ""))),
            grounds=post.get("grounds", ""),
            solution=post.get("solution", ""),
            text=post.get("text", ""),
            subject=post.get("subject", ""),
        )

    done = gettext("已保存为草稿。请核对后点击“提交”。")
    return new_filing_page(request, "proposals/new.html", kind, body, draft, done)


@login_required
def people(request):
    """The names matching what was typed, to add as co-signers (an htmx fragment)."""
    person = person_of(request.user)
    bodies = my_bodies(person)
    if is_secretariat(request.user):  # keying in a paper filing for a delegate or member
        bodies = Organisation.objects.filter(kind__in=BODY_KINDS)
    body = next((b for b in bodies if str(b.pk) == request.GET.get("body")), None)
    if body is None:
        raise Http404()
    found = forms.members_named(body, request.GET.get("q", "").strip())
    return render_page(request, "proposals/_people.html", {"found": found})
