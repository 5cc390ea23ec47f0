"""Pages: statistics and the annual report (the secretariat's), and keyword search.

- statistics: counts, handling and rates of one body's filings in a year (stats.py), with
  every table as on the report's annex;
- report: the annual report on proposal work as an editable draft (report.py), its PDF and
  XLSX; generating and saving are POSTs, each one action;
- search: keywords in Chinese and filters (search.py), over what the reader may see — the
  public sees published filings only.

To anyone but the secretariat, the statistics and report pages do not exist (404).
"""

from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lianghui.people.access import is_secretariat
from lianghui.people.models import BODY_KINDS, Organisation, OrgKind
from lianghui.proposals import report, search, stats
from lianghui.proposals.models import Filer, Kind, State
from lianghui.proposals.views._common import attempt

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(raw) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def _bodies() -> list[Organisation]:
    return list(
        Organisation.objects.filter(kind__in=BODY_KINDS, parent__isnull=True).order_by(
            "order", "id"
        )
    )


def _body_and_year(request, params) -> tuple[list, Organisation, list[int], int]:
    """The bodies, the chosen one (default: the first), its years, the chosen year (default:
    the latest with filings, else this year)."""
    bodies = _bodies()
    if not bodies:
        raise Http404()
    wanted = _int(params.get("body"))
    body = next((b for b in bodies if b.pk == wanted), bodies[0])
    years = stats.years(body.pk)
    year = _int(params.get("year")) or (years[0] if years else timezone.localdate().year)
    return bodies, body, years, year


def _secretariat_only(request) -> None:
    if not is_secretariat(request.user):
        raise Http404()


@login_required
def statistics_page(request):
    _secretariat_only(request)
    bodies, body, years, year = _body_and_year(request, request.GET)
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else None
    figures = stats.statistics(body.pk, year, kind)
    word = "委员" if body.kind == OrgKind.CPPCC else "代表"
    query = urlencode({"body": body.pk, "year": year})
    return render(
        request,
        "proposals/reports/statistics.html",
        {
            "bodies": bodies,
            "body": body,
            "years": years,
            "year": year,
            "kind": kind,
            "kinds": Kind.choices,
            "stats": figures,
            "handled": [figures.figures[k] for k in figures.kinds if k in stats.HANDLED_KINDS],
            "tables": report.tables_of(figures, word),
            "query": query,
        },
    )


def _report_context(request, body, year, bodies, years) -> dict:
    data = report.report_data(body, year)
    draft = report.draft_of(body, year)
    fresh = report.generated_text(data)
    return {
        "bodies": bodies,
        "body": body,
        "years": years,
        "year": year,
        "data": data,
        "draft": draft,
        "fresh": fresh,
        "text": report.text_for(data, draft) if draft else fresh,
        "outdated": draft is not None and draft.generated_text != fresh,
        "stale_edit": report.stale_edit(draft),
        "tables": report.tables(data),
        "query": urlencode({"body": body.pk, "year": year}),
    }


@login_required
def report_page(request):
    _secretariat_only(request)
    bodies, body, years, year = _body_and_year(request, request.GET)
    context = _report_context(request, body, year, bodies, years)
    return render(request, "proposals/reports/report.html", context)


def _back_to_report(body, year):
    url = reverse("proposals_reports:report")
    return redirect(f"{url}?{urlencode({'body': body.pk, 'year': year})}")


@login_required
@require_POST
def report_generate(request):
    _secretariat_only(request)
    _, body, _, year = _body_and_year(request, request.POST)
    done = gettext("已根据最新数据重新生成报告稿；编辑稿保持不变。")
    attempt(request, report.generate, body, year, request.user, done=done)
    return _back_to_report(body, year)


@login_required
@require_POST
def report_edit(request):
    _secretariat_only(request)
    _, body, _, year = _body_and_year(request, request.POST)
    if request.POST.get("discard"):
        done = gettext("已放弃编辑稿，恢复使用生成稿。")
        attempt(request, report.discard_edit, body, year, request.user, done=done)
    else:
        text, done = request.POST.get("text", ""), gettext("编辑稿已保存。")
        attempt(request, report.save_edit, body, year, text, request.user, done=done)
    return _back_to_report(body, year)


def _download(content: bytes, content_type: str, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response


def _export_name(body, year, suffix) -> str:
    return f"{body.short_name or body.name}{year}年度工作报告.{suffix}"


def _report_file(request, make, content_type: str, suffix: str, as_attachment: bool):
    """The year's report as a file, made by `make(data, draft)` (report.pdf or report.xlsx)."""
    _secretariat_only(request)
    _, body, _, year = _body_and_year(request, request.GET)
    content = make(report.report_data(body, year), report.draft_of(body, year))
    return _download(content, content_type, _export_name(body, year, suffix), as_attachment)


@login_required
def report_pdf(request):
    return _report_file(request, report.pdf, "application/pdf", "pdf", False)


@login_required
def report_xlsx(request):
    return _report_file(request, report.xlsx, XLSX, "xlsx", True)


PLACEHOLDER = "2147483647"


def _filing_link() -> str:
    """The filing page's URL with a placeholder id: reversed once, not once per row."""
    try:
        return reverse("proposals:filing", args=[int(PLACEHOLDER)])
    except NoReverseMatch:
        return ""


def search_page(request):
    """Keywords and filters over the filings the reader may see."""
    params = request.GET
    filters = {
        "body_id": _int(params.get("body")),
        "kind": params.get("kind") if params.get("kind") in Kind.values else None,
        "year": _int(params.get("year")),
        "state": (params.get("state") or "").strip()[:32] or None,
        "unit_id": _int(params.get("unit")),
        "filer_id": _int(params.get("filer")),
        "filer_name": (params.get("filer_name") or "").strip()[:40] or None,
    }
    query = (params.get("q") or "").strip()
    result = search.search(request.user, query, page=_int(params.get("page")) or 1, **filters)
    ids = [f.pk for f in result.filings]
    leads = dict(
        Filer.objects.filter(filing_id__in=ids, lead=True).values_list("filing_id", "person__name")
    )
    states = list(State.objects.order_by("kind", "order").values_list("kind", "code", "label"))
    labels = {(k, c): label for k, c, label in states}
    link = _filing_link()
    rows = [
        {
            "filing": f,
            "link": link.replace(PLACEHOLDER, str(f.pk)) if link else "",
            "state": labels.get((f.kind, f.state), f.state),
            "filer": leads.get(f.pk) or (f.organisation.name if f.organisation else ""),
        }
        for f in result.filings
    ]
    kept = {k: v for k, v in params.items() if k != "page" and v}
    return render(
        request,
        "proposals/reports/search.html",
        {
            "result": result,
            "rows": rows,
            "q": query,
            "chosen": {k: params.get(k, "") for k in ("body", "kind", "year", "state", "unit")},
            "filer_name": filters["filer_name"] or "",
            "bodies": _bodies(),
            "kinds": Kind.choices,
            "years": stats.years(),
            "states": [(f"{k}", c, f"{Kind(k).label}：{label}") for k, c, label in states],
            "units": Organisation.objects.filter(kind=OrgKind.HANDLING_UNIT).order_by(
                "order", "name"
            ),
            "query": urlencode(kept),
            "is_secretariat": is_secretariat(request.user),
        },
    )
