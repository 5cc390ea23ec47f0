from django.urls import path

from lianghui.sessions import views

app_name = "sessions"

urlpatterns = [
    path("sessions/<int:pk>/", views.session_overview, name="session"),
    path("meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("meetings/<int:pk>/quorum/", views.meeting_quorum, name="quorum"),
    path("meetings/<int:pk>/documents/", views.upload_document, name="upload_document"),
    path("documents/<int:pk>/", views.document, name="document"),
]
