from django.urls import path

from lianghui.sessions import setup_views, views

app_name = "sessions"

# sessions:meeting and sessions:quorum, the meeting page with its votes, elections and
# quorum, are lianghui/web/meeting.py (mounted in lianghui/urls.py).

urlpatterns = [
    path("sessions/<int:pk>/", views.session_overview, name="session"),
    path("meetings/<int:pk>/documents/", views.upload_document, name="upload_document"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("setup/", setup_views.index, name="setup"),
    path("setup/sessions/<int:pk>/", setup_views.session_page, name="setup_session"),
    path("setup/meetings/<int:pk>/", setup_views.meeting_page, name="setup_meeting"),
]
