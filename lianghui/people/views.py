from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from lianghui.attendance.models import CheckIn
from lianghui.halls.seating import published_seats_of
from lianghui.people.access import is_secretariat, person_of
from lianghui.people.models import Membership, Organisation, OrgKind, Person
from lianghui.sessions.models import Meeting


@login_required
def my_page(request):
    person = person_of(request.user)
    if person is None:
        raise Http404("此账号未关联代表或委员。")
    memberships = list(
        Membership.objects.filter(person=person).select_related("organisation__parent")
    )
    org_ids = [m.organisation_id for m in memberships]
    body_ids = {m.organisation_id for m in memberships if m.organisation.is_body} | {
        m.organisation.parent_id for m in memberships if m.organisation.parent_id
    }
    today = timezone.localdate()
    meetings = list(
        Meeting.objects.filter(
            Q(session__term__body_id__in=body_ids, group__isnull=True) | Q(group_id__in=org_ids)
        ).order_by("starts_at", "id")
    )
    upcoming = [m for m in meetings if timezone.localtime(m.starts_at).date() >= today]
    todays = [m for m in meetings if timezone.localtime(m.starts_at).date() == today]
    shown = todays or upcoming[:5] or meetings[-5:]
    checked = set(
        CheckIn.objects.filter(person=person, meeting__in=[m.pk for m in shown]).values_list(
            "meeting_id", flat=True
        )
    )
    # Where to sit: the seat of each shown meeting's published seat plan (座次表).
    seats = {
        a.plan.meeting_id: a.seat.label
        for a in published_seats_of(person).filter(plan__meeting__in=[m.pk for m in shown])
    }
    return render(
        request,
        "people/me.html",
        {
            "person": person,
            "memberships": memberships,
            "meetings": [(m, m.pk in checked, seats.get(m.pk)) for m in shown],
            "showing_today": bool(todays),
        },
    )


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
