from django.urls import path

from lianghui.proposals import views

app_name = "proposals"

urlpatterns = [
    path("proposals/", views.mine, name="mine"),
    path("proposals/new/", views.new, name="new"),
    path("proposals/file/", views.file_for, name="file_for"),
    path("proposals/people/", views.people, name="people"),
    path("proposals/desk/", views.desk, name="desk"),
    path("proposals/settings/", views.settings_home, name="settings"),
    path("proposals/settings/<int:pk>/", views.body_settings, name="body_settings"),
    path("proposals/browse/", views.browse, name="browse"),
    path("proposals/public/", views.public, name="public"),
    path("proposals/unit/", views.unit_home, name="unit"),
    path("proposals/unit/<int:pk>/", views.unit_assignment, name="unit_assignment"),
    path("proposals/<int:pk>/", views.filing_page, name="filing"),
    path("proposals/<int:pk>/do/<str:action>/", views.act, name="act"),
    path(
        "proposals/assignments/<int:pk>/do/<str:action>/",
        views.assignment_act,
        name="assignment_act",
    ),
    path("proposals/requests/<int:pk>/refuse/", views.refuse_reassign, name="refuse_reassign"),
    path(
        "proposals/extension-requests/<int:pk>/refuse/",
        views.refuse_extension,
        name="refuse_extension",
    ),
    path("proposals/replies/<int:pk>/rate/", views.rate, name="rate"),
    path("proposals/attachments/<int:pk>/", views.attachment, name="attachment"),
]
