from django.urls import path

from lianghui.hall import views

app_name = "hall"

urlpatterns = [
    path("hall/<int:meeting_id>/screen", views.screen, name="screen"),
    path("hall/<int:meeting_id>/console", views.console, name="console"),
    path("hall/<int:meeting_id>/console/<str:action>", views.console_action, name="console_action"),
    path("hall/<int:meeting_id>/tablet", views.tablet, name="tablet"),
    path("hall/<int:meeting_id>/speak", views.speak, name="speak"),
    path("hall/<int:meeting_id>/state.json", views.state, name="state"),
    path("hall/<int:meeting_id>/seatmap", views.seatmap, name="seatmap"),
]
