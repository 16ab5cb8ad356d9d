from django.contrib import admin

from core.signing_admin import HistoryAdmin, ReadOnlyAdmin, SignedRecordAdmin

from .models import Achievement, Attachment, Decision, Evidence, GatewayConfirmation


class AttachmentInline(ReadOnlyAdmin, admin.TabularInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0


DECISION_FIELDS = ["action", "party", "decided_by", "decided_at", "comment", "fingerprint"]


class DecisionInline(ReadOnlyAdmin, admin.TabularInline):
    model = Decision
    fields = readonly_fields = DECISION_FIELDS
    extra = 0


@admin.register(Evidence)
class EvidenceAdmin(SignedRecordAdmin, HistoryAdmin):
    """Read-only: evidence changes only through the portfolio, where the workflow's rules apply; signed-off
    evidence is not deleted either."""

    list_display = ["title", "enrolment", "kind", "status", "version", "occurred_on", "submitted_at"]
    list_filter = ["status", "kind", "enrolment__cohort"]
    search_fields = ["title", "enrolment__trainee__last_name"]
    inlines = [AttachmentInline, DecisionInline]
    history_list_display = ["status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Achievement)
class AchievementAdmin(HistoryAdmin):
    list_display = ["ksb", "enrolment", "signed_by", "signed_at"]
    list_filter = ["enrolment__cohort"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Decisions are written once, by the portal, and never changed or deleted."""

    list_display = ["evidence", "action", "decided_by", "decided_at"]
    list_filter = ["action"]
    fields = readonly_fields = ["evidence", *DECISION_FIELDS]


@admin.register(GatewayConfirmation)
class GatewayConfirmationAdmin(HistoryAdmin):
    list_display = ["requirement", "enrolment", "confirmed_by", "confirmed_at"]
