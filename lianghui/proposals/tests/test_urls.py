"""The proposals' URLs: each name reverses to its address, and the address resolves back to
the same view, so moving the URL modules about cannot move a page or rename a link."""

import pytest
from django.urls import resolve, reverse

from lianghui.proposals import views
from lianghui.proposals.views import reports

PAGES = [
    ("proposals:mine", {}, "/proposals/", views.mine),
    ("proposals:new", {}, "/proposals/new/", views.new),
    ("proposals:file_for", {}, "/proposals/file/", views.file_for),
    ("proposals:people", {}, "/proposals/people/", views.people),
    ("proposals:desk", {}, "/proposals/desk/", views.desk),
    ("proposals:settings", {}, "/proposals/settings/", views.settings_home),
    ("proposals:body_settings", {"pk": 3}, "/proposals/settings/3/", views.body_settings),
    ("proposals:browse", {}, "/proposals/browse/", views.browse),
    ("proposals:public", {}, "/proposals/public/", views.public),
    ("proposals:unit", {}, "/proposals/unit/", views.unit_home),
    ("proposals:unit_assignment", {"pk": 4}, "/proposals/unit/4/", views.unit_assignment),
    ("proposals:filing", {"pk": 5}, "/proposals/5/", views.filing_page),
    ("proposals:act", {"pk": 5, "action": "submit"}, "/proposals/5/do/submit/", views.act),
    (
        "proposals:assignment_act",
        {"pk": 6, "action": "reply"},
        "/proposals/assignments/6/do/reply/",
        views.assignment_act,
    ),
    (
        "proposals:refuse_reassign",
        {"pk": 7},
        "/proposals/requests/7/refuse/",
        views.refuse_reassign,
    ),
    (
        "proposals:refuse_extension",
        {"pk": 8},
        "/proposals/extension-requests/8/refuse/",
        views.refuse_extension,
    ),
    ("proposals:rate", {"pk": 9}, "/proposals/replies/9/rate/", views.rate),
    ("proposals:attachment", {"pk": 10}, "/proposals/attachments/10/", views.attachment),
    ("proposals_reports:statistics", {}, "/proposals/reports/", reports.statistics_page),
    ("proposals_reports:report", {}, "/proposals/reports/annual/", reports.report_page),
    (
        "proposals_reports:report_generate",
        {},
        "/proposals/reports/annual/generate/",
        reports.report_generate,
    ),
    (
        "proposals_reports:report_edit",
        {},
        "/proposals/reports/annual/edit/",
        reports.report_edit,
    ),
    (
        "proposals_reports:report_pdf",
        {},
        "/proposals/reports/annual/report.pdf",
        reports.report_pdf,
    ),
    (
        "proposals_reports:report_xlsx",
        {},
        "/proposals/reports/annual/report.xlsx",
        reports.report_xlsx,
    ),
    ("proposals_reports:search", {}, "/proposals/reports/search/", reports.search_page),
]


@pytest.mark.parametrize(("name", "kwargs", "address", "view"), PAGES, ids=[p[0] for p in PAGES])
def test_each_name_reverses_to_its_address_and_back(name, kwargs, address, view):
    assert reverse(name, kwargs=kwargs) == address
    match = resolve(address)
    assert (match.view_name, match.func, match.kwargs) == (name, view, kwargs)
