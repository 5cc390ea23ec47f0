from django.urls import path

from lianghui.presidium import views

app_name = "presidium"

urlpatterns = [
    path("sessions/<int:pk>/presidium/", views.session, name="session"),
    path("sessions/<int:pk>/presidium/members/", views.members, name="members"),
    path("sessions/<int:pk>/presidium/decisions/", views.propose, name="propose"),
    path(
        "sessions/<int:pk>/presidium/decisions/<int:decision_id>/settle/",
        views.settle,
        name="settle",
    ),
]
