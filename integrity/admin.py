from django.contrib import admin

from core.signing_admin import ReadOnlyAdmin

from .models import FingerprintCheck


@admin.register(FingerprintCheck)
class FingerprintCheckAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Each check's result, as it ran: read-only, so the record of what was found cannot be edited."""

    list_display = ["ran_at", "trigger", "requested_by", "mismatch_count"]
    list_filter = ["trigger"]
    fields = readonly_fields = [
        "ran_at",
        "trigger",
        "requested_by",
        "mismatch_count",
        "kinds",
        "checked",
        "mismatches",
    ]
