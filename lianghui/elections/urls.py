from django.urls import path

from lianghui.elections import views

app_name = "elections"

urlpatterns = [
    path("meetings/<int:meeting_id>/elections/new/", views.create, name="create"),
    path("elections/<int:pk>/", views.election, name="election"),
    path("elections/<int:pk>/step/<str:step>/", views.step, name="step"),
    path("elections/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("elections/<int:pk>/result/", views.result, name="result"),
    path("elections/<int:pk>/record/", views.record, name="record"),
    path("elections/<int:pk>/ballot.pdf", views.ballot_pdf, name="ballot_pdf"),
    path("elections/<int:pk>/result.pdf", views.result_pdf, name="result_pdf"),
    path("elections/batches/<int:pk>/entry/<int:entry>/", views.entry, name="entry"),
    path("elections/batches/<int:pk>/differences/", views.differences, name="differences"),
]
