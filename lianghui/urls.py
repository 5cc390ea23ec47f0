from django.contrib import admin
from django.urls import include, path

from lianghui.api import api
from lianghui.attendance import urls as attendance_urls
from lianghui.people import urls as people_urls
from lianghui.proposals import urls as proposals_urls
from lianghui.sessions import urls as sessions_urls
from lianghui.web import desk, me, meeting

# A failure on the server's side answers in Chinese; a database outage is a 503 (web/failures.py).
handler500 = "lianghui.web.failures.server_error"

admin.site.site_header = "两会会务系统 · 管理后台"
admin.site.site_title = "两会会务系统"
admin.site.index_title = "会务组管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("lianghui.web.urls")),
    # Pages that show several domains at once live in web, above them all, and keep the
    # names they have always had in their app's namespace.
    path("", include((sessions_urls.urlpatterns + meeting.sessions_patterns, "sessions"))),
    path("", include((desk.attendance_patterns + attendance_urls.urlpatterns, "attendance"))),
    path("", include((people_urls.urlpatterns + me.people_patterns, "people"))),
    path("", include("lianghui.accounts.urls")),
    path("", include("lianghui.votes.urls")),
    path("", include("lianghui.scrutiny.urls")),
    path("", include("lianghui.presidium.urls")),
    path("", include("lianghui.elections.urls")),
    path("", include("lianghui.hall.urls")),
    path("", include("lianghui.halls.urls")),
    path("", include("lianghui.sheets.urls")),
    path(
        "proposals/reports/",
        include((proposals_urls.report_urlpatterns, "proposals_reports")),
    ),
    path("", include("lianghui.proposals.urls")),
    path("", include("lianghui.deliberation.urls")),
    path("", include("lianghui.interpellation.urls")),
    path("", include("lianghui.recall.urls")),
    path("", include("lianghui.records.urls")),
]
