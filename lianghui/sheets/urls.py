from django.urls import path

from lianghui.sheets import views
from lianghui.sheets.catalogue import KINDS

app_name = "sheets"

urlpatterns = [
    path(f"{spec.page}.{kind}", views.sheet, {"name": name, "kind": kind}, name=f"{name}_{kind}")
    for name, spec in KINDS.items()
    for kind in ("xlsx", "pdf")
]
