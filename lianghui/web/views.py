from django.shortcuts import render

from lianghui.sessions.access import can_see_session
from lianghui.sessions.models import Session


def home(request):
    sessions = Session.objects.select_related("term__body").order_by("-start_date", "id")
    visible = [s for s in sessions if can_see_session(request.user, s)]
    return render(request, "web/home.html", {"sessions": visible})
