from django.urls import path

from lianghui.deliberation import views

app_name = "deliberation"

urlpatterns = [
    path("deliberations/<int:meeting_id>/", views.record_page, name="record"),
    path("deliberations/<int:meeting_id>/open/", views.open_record, name="open"),
    path("deliberations/<int:meeting_id>/roles/", views.set_roles, name="roles"),
    path("deliberations/<int:meeting_id>/attending/", views.add_attending, name="attending"),
    path("deliberations/<int:meeting_id>/speeches/", views.add_speech, name="add_speech"),
    path("deliberations/<int:meeting_id>/summary/", views.set_summary, name="summary"),
    path("deliberations/<int:meeting_id>/finalise/", views.finalise, name="finalise"),
    path("deliberations/<int:meeting_id>/record/", views.minutes, name="minutes"),
    path("deliberations/<int:meeting_id>/record.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("deliberations/speeches/<int:pk>/edit/", views.edit_speech, name="edit_speech"),
    path("deliberations/speeches/<int:pk>/opinions/", views.add_opinion, name="add_opinion"),
    path("deliberations/opinions/<int:pk>/route/", views.route_opinion, name="route_opinion"),
    path("deliberations/<int:meeting_id>/questions/", views.add_question, name="add_question"),
    path("deliberations/questions/<int:pk>/answer/", views.answer_question, name="answer_question"),
    path("meetings/<int:meeting_id>/oath/", views.oath_page, name="oath"),
    path("meetings/<int:meeting_id>/oath/<str:action>/", views.oath_action, name="oath_action"),
]
