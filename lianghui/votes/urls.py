from django.urls import path

from lianghui.votes import views

app_name = "votes"

urlpatterns = [
    path("meetings/<int:meeting_id>/votes/new/", views.create, name="create"),
    path("votes/<int:pk>/", views.ballot, name="ballot"),
    path("votes/<int:pk>/cast/", views.cast, name="cast"),
    path("votes/<int:pk>/console/", views.console, name="console"),
    path("votes/<int:pk>/console/<str:action>/", views.console_action, name="console_action"),
    path("votes/<int:pk>/progress/", views.progress, name="progress"),
    path("votes/<int:pk>/result/", views.result, name="result"),
    path("votes/<int:pk>/record/", views.record, name="record"),
]
