"""The secretariat's list of people. The delegate's own page, which shows their meetings,
check-ins and seats too, is lianghui/web/me.py."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from lianghui.people.access import is_secretariat
from lianghui.people.models import Organisation, OrgKind, Person


@login_required
def people_list(request):
    if not is_secretariat(request.user):
        raise Http404()
    order = "strokes" if request.GET.get("order") == "strokes" else "pinyin"
    org_id = request.GET.get("org")
    people = Person.objects.order_by(order, "name", "id")
    org = None
    if org_id and org_id.isdigit():
        org = Organisation.objects.filter(pk=int(org_id)).first()
        if org:
            people = people.filter(memberships__organisation=org).distinct()
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    groups = Organisation.objects.filter(
        kind__in=[OrgKind.DELEGATION, OrgKind.SECTOR, OrgKind.CONGRESS, OrgKind.CPPCC]
    )
    return render(
        request, "people/list.html", {"page": page, "order": order, "org": org, "groups": groups}
    )
