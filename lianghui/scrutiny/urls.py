from django.urls import path

from lianghui.scrutiny import views

app_name = "scrutiny"

urlpatterns = [
    path("tally-keys/<int:pk>/", views.tally_key, name="tally_key"),
    path("meetings/<int:meeting_id>/tally-keys/new/", views.start, name="start"),
]
