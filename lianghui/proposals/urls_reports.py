"""Statistics, the annual report and search. Mounted under proposals/reports/:

path("proposals/reports/", include("lianghui.proposals.urls_reports")),
"""

from django.urls import path

from lianghui.proposals.views import reports as views

app_name = "proposals_reports"

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("annual/", views.report_page, name="report"),
    path("annual/generate/", views.report_generate, name="report_generate"),
    path("annual/edit/", views.report_edit, name="report_edit"),
    path("annual/report.pdf", views.report_pdf, name="report_pdf"),
    path("annual/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("search/", views.search_page, name="search"),
]
