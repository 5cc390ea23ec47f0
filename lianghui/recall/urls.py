from django.urls import path

from lianghui.recall import views

app_name = "recall"

urlpatterns = [
    path("sessions/<int:session_id>/recalls/", views.session_page, name="session"),
    path("recalls/<int:pk>/", views.recall_page, name="recall"),
    path("recalls/<int:pk>/<str:action>/", views.recall_action, name="recall_action"),
    path("resignations/<int:pk>/", views.resignation_page, name="resignation"),
    path(
        "resignations/<int:pk>/<str:action>/",
        views.resignation_action,
        name="resignation_action",
    ),
]
