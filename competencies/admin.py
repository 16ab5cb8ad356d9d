from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Achievement, Attachment, Decision, Evidence, GatewayConfirmation


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ["action", "decided_by", "decided_at", "comment", "fingerprint"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    """Read-only: evidence changes only through the portfolio, where the workflow's rules apply."""

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
class AchievementAdmin(SimpleHistoryAdmin):
    list_display = ["ksb", "enrolment", "signed_by", "signed_at"]
    list_filter = ["enrolment__cohort"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["evidence", "action", "decided_by", "decided_at"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(GatewayConfirmation)
class GatewayConfirmationAdmin(SimpleHistoryAdmin):
    list_display = ["requirement", "enrolment", "confirmed_by", "confirmed_at"]
