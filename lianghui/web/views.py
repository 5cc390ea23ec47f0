from django.shortcuts import render

from lianghui.people.access import person_of
from lianghui.sessions.access import can_see_session
from lianghui.sessions.models import Session
from lianghui.web.now import now_for


def home(request):
    sessions = Session.objects.select_related("term__body").order_by("-start_date", "id")
    visible = [s for s in sessions if can_see_session(request.user, s)]
    person = person_of(request.user) if request.user.is_authenticated else None
    now = now_for(person) if person is not None else None
    return render(request, "web/home.html", {"sessions": visible, "now": now})
