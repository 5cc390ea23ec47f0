from django.urls import path

from lianghui.proposals import views
from lianghui.proposals.views import reports

app_name = "proposals"

# A filing's pages, in the namespace proposals.
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

# Statistics, the annual report and search, in a namespace of their own, proposals_reports:
# lianghui/urls.py mounts them under proposals/reports/.
report_urlpatterns = [
    path("", reports.statistics_page, name="statistics"),
    path("annual/", reports.report_page, name="report"),
    path("annual/generate/", reports.report_generate, name="report_generate"),
    path("annual/edit/", reports.report_edit, name="report_edit"),
    path("annual/report.pdf", reports.report_pdf, name="report_pdf"),
    path("annual/report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("search/", reports.search_page, name="search"),
]
