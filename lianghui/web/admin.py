"""The sign-in second factor's devices, read-only in the admin.

django-otp registers its TOTP device admin writable; a device added or deleted there would
bypass the audited enrolment and reset (lianghui/web/second_factor.py), so the admin lists
devices and no more.
"""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from lianghui.audit.readonly import ReadOnlyAdmin

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at"]
    search_fields = ["user__username"]
    exclude = ["key"]
