from django.contrib import admin

from lianghui.accounts.models import SignInSlip
from lianghui.audit.readonly import ReadOnlyAdmin


@admin.register(SignInSlip)
class SignInSlipAdmin(ReadOnlyAdmin):
    list_display = ["person", "session", "issued_at", "expires_at", "used_at", "revoked_at"]
    list_filter = ["session"]
    search_fields = ["person__name"]
    exclude = ["token_digest", "code_digest"]

    # Slips are issued, used and revoked only through lianghui.accounts.actions (audited):
    # the slips page (/sessions/<id>/slips/) and the API. The admin only reads them.
