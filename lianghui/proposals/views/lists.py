"""Lists: the secretariat's desk (what waits for whom), a filtered list of what the reader may
see, and the public list of published filings with their public replies."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from lianghui.people.access import is_secretariat
from lianghui.people.models import Organisation, OrgKind
from lianghui.proposals import access
from lianghui.proposals import desk as desk_module
from lianghui.proposals.models import Filing, Kind, Reply, State
from lianghui.proposals.views._common import filings_with_leads, labelled, render_page

DESK_ROWS = 50
PAGE_ROWS = 50


def _pile(states):
    filings = desk_module.pile(states)
    return filings.count(), labelled(filings_with_leads(filings)[:DESK_ROWS])


@login_required
def desk(request):
    """The secretariat's desk (desk.py): to review, to assign, requests to reassign and for
    more time, overdue, awaiting the filer's rating; and how many filings are in each state."""
    if not is_secretariat(request.user):
        raise Http404()
    today = timezone.localdate()
    now = desk_module.desk(today)
    review_count, to_review = _pile(desk_module.TO_REVIEW)
    assign_count, to_assign = _pile(desk_module.TO_ASSIGN)
    requests = list(
        desk_module.reassign_requests().select_related(
            "assignment__filing", "assignment__unit", "suggested_unit"
        )
    )
    extensions = list(
        desk_module.extension_requests().select_related("assignment__filing", "assignment__unit")
    )
    return render_page(
        request,
        "proposals/desk.html",
        {
            "extensions": extensions,
            "to_review": to_review,
            "review_count": review_count,
            "to_assign": to_assign,
            "assign_count": assign_count,
            "requests": requests,
            "overdue": now.overdue,
            "rating": now.awaiting_rating[:DESK_ROWS],
            "rating_count": len(now.awaiting_rating),
            "counts": now.states,
            "today": today,
        },
    )


def _filters(request, filings):
    """kind, state, year, unit from the query string; the values kept for the form."""
    chosen = {k: request.GET.get(k, "").strip() for k in ("kind", "state", "year", "unit")}
    if chosen["kind"] in Kind.values:
        filings = filings.filter(kind=chosen["kind"])
    if chosen["state"]:
        filings = filings.filter(state=chosen["state"])
    if chosen["year"].isdigit():
        filings = filings.filter(year=int(chosen["year"]))
    if chosen["unit"].isdigit():
        filings = filings.filter(
            pk__in=Filing.objects.filter(
                assignments__unit_id=int(chosen["unit"]), assignments__active=True
            ).values("pk")
        )
    return filings, chosen


def _page(request, filings):
    paginator = Paginator(filings.order_by("-year", "kind", "number", "id"), PAGE_ROWS)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = labelled(page.object_list)
    return page


def _query(chosen) -> str:
    return urlencode({k: v for k, v in chosen.items() if v})


@login_required
def browse(request):
    """Everything the reader may see (access.visible_filings), filtered."""
    filings, chosen = _filters(request, access.visible_filings(request.user))
    page = _page(request, filings_with_leads(filings))
    return render_page(
        request,
        "proposals/browse.html",
        {
            "page": page,
            "chosen": chosen,
            "query": _query(chosen),
            "kinds": Kind.choices,
            "states": State.objects.order_by("kind", "order"),
            "units": Organisation.objects.filter(kind=OrgKind.HANDLING_UNIT),
        },
    )


def public(request):
    """What the public sees: published filings and the replies marked public."""
    filings, chosen = _filters(request, access.visible_filings(AnonymousUser()))
    filings = filings_with_leads(filings).prefetch_related(
        Prefetch(
            "replies",
            queryset=Reply.objects.filter(public=True).select_related("unit").order_by("round"),
            to_attr="public_replies",
        )
    )
    page = _page(request, filings)
    return render_page(
        request,
        "proposals/public.html",
        {
            "page": page,
            "chosen": chosen,
            "query": _query(chosen),
            "kinds": Kind.choices,
        },
    )
