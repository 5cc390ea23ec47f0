"""The delegate's own page (我的页面): their memberships (people), the meetings they are called
to (sessions), whether they have checked in (attendance) and where they sit (halls). It sees
several domains at once, so it lives here, above them all; lianghui/urls.py mounts it as
people:me, where it has always been."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from lianghui.attendance.models import CheckIn
from lianghui.halls.seating import published_seats_of
from lianghui.people.access import person_of
from lianghui.people.models import Membership
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
        "web/me.html",
        {
            "person": person,
            "memberships": memberships,
            "meetings": [(m, m.pk in checked, seats.get(m.pk)) for m in shown],
            "showing_today": bool(todays),
        },
    )


# Mounted in the people namespace (lianghui/urls.py).
people_patterns = [path("me/", my_page, name="me")]
