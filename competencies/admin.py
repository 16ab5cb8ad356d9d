from django.contrib import admin

from core.signing_admin import HistoryAdmin, ReadOnlyAdmin, SignedRecordAdmin

from .models import (
    Achievement,
    Attachment,
    Decision,
    DeclarationSignature,
    EndPointAssessment,
    Evidence,
    GatewayConfirmation,
    GatewayDeclaration,
)


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
    """Confirmed through the gateway page only; part of what the declaration signs, so never changed here."""

    list_display = ["requirement", "enrolment", "confirmed_by", "confirmed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        signed = obj and GatewayDeclaration.objects.filter(
            enrolment=obj.enrolment_id, signatures__isnull=False
        )
        return not (signed and signed.exists()) and super().has_delete_permission(request, obj)


SIGNATURE_FIELDS = ["party", "signed_by", "signed_at", "fingerprint"]


class DeclarationSignatureInline(ReadOnlyAdmin, admin.TabularInline):
    model = DeclarationSignature
    fields = readonly_fields = SIGNATURE_FIELDS
    extra = 0


@admin.register(GatewayDeclaration)
class GatewayDeclarationAdmin(SignedRecordAdmin, admin.ModelAdmin):
    """Made and signed on the gateway page only; once anyone has signed it, read-only and never deleted."""

    list_display = ["enrolment", "created_at"]
    list_filter = ["enrolment__cohort"]
    readonly_fields = ["enrolment", "created_at"]
    inlines = [DeclarationSignatureInline]

    def has_add_permission(self, request):
        return False


@admin.register(DeclarationSignature)
class DeclarationSignatureAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["declaration", "party", "signed_by", "signed_at"]
    fields = readonly_fields = ["declaration", *SIGNATURE_FIELDS]


@admin.register(EndPointAssessment)
class EndPointAssessmentAdmin(HistoryAdmin):
    """Booked and graded through the gateway page (where gateway and the grading rules apply)."""

    list_display = ["enrolment", "attempt", "assessment_organisation", "grade", "result_on"]
    list_filter = ["grade", "enrolment__cohort"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
