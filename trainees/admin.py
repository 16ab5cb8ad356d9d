from django.contrib import admin

from core.signing_admin import HistoryAdmin, ReadOnlyAdmin, SignedRecordAdmin

from .models import (
    BreakInLearning,
    Cohort,
    ContractSignature,
    ContractTemplate,
    Enrolment,
    LearningContract,
    Programme,
    ProgressReview,
    ReviewSignature,
    StatusChange,
    StudyTimeEntry,
)


@admin.register(Programme)
class ProgrammeAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "standard", "university", "award", "length_months"]
    list_filter = ["organisation"]


@admin.register(Cohort)
class CohortAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "programme", "start_date", "expected_end_date"]
    list_filter = ["organisation"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["status", "changed_on", "note", "changed_by", "recorded_at"]
    can_delete = False


@admin.register(BreakInLearning)
class BreakInLearningAdmin(HistoryAdmin):
    list_display = ["enrolment", "starts_on", "ends_on", "reason", "recorded_by"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Enrolment)
class EnrolmentAdmin(HistoryAdmin):
    list_display = ["trainee", "cohort", "status", "manager", "lecturer"]
    list_filter = ["status", "cohort"]
    search_fields = ["trainee__last_name", "trainee__email"]
    autocomplete_fields = ["trainee", "manager", "lecturer", "mentors"]
    inlines = [StatusChangeInline]


SIGNATURE_FIELDS = ["party", "signed_by", "signed_at", "fingerprint"]


class SignatureInline(ReadOnlyAdmin, admin.TabularInline):
    model = ContractSignature
    extra = 0
    fields = readonly_fields = SIGNATURE_FIELDS


@admin.register(ContractSignature)
class ContractSignatureAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Signatures are written once, by the portal, and never changed or deleted."""

    list_display = ["contract", *SIGNATURE_FIELDS]
    list_filter = ["party"]
    fields = readonly_fields = ["contract", *SIGNATURE_FIELDS]


@admin.register(LearningContract)
class LearningContractAdmin(SignedRecordAdmin, admin.ModelAdmin):
    """Read-only: contracts change through the portal, where a signed one becomes a new version; once
    signed, not deleted either."""

    list_display = ["enrolment", "version", "study_hours_per_week", "created_at", "superseded_at"]
    inlines = [SignatureInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ContractTemplate)
class ContractTemplateAdmin(HistoryAdmin):
    list_display = ["organisation", "study_hours_per_week"]


@admin.register(StudyTimeEntry)
class StudyTimeEntryAdmin(HistoryAdmin):
    list_display = ["enrolment", "date", "hours", "activity", "state"]
    list_filter = ["state", "activity"]


class ReviewSignatureInline(ReadOnlyAdmin, admin.TabularInline):
    model = ReviewSignature
    extra = 0
    fields = readonly_fields = SIGNATURE_FIELDS


@admin.register(ReviewSignature)
class ReviewSignatureAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["review", *SIGNATURE_FIELDS]
    list_filter = ["party"]
    fields = readonly_fields = ["review", *SIGNATURE_FIELDS]


@admin.register(ProgressReview)
class ProgressReviewAdmin(SignedRecordAdmin, HistoryAdmin):
    """A review may be put right here until someone signs it; then it is read-only, history included."""

    list_display = ["enrolment", "held_on", "recorded_by"]
    inlines = [ReviewSignatureInline]
