from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
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
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "standard", "university", "award", "length_months"]
    list_filter = ["organisation"]


@admin.register(Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "programme", "start_date", "expected_end_date"]
    list_filter = ["organisation"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["status", "changed_on", "note", "changed_by", "recorded_at"]
    can_delete = False


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["trainee", "cohort", "status", "manager", "lecturer"]
    list_filter = ["status", "cohort"]
    search_fields = ["trainee__last_name", "trainee__email"]
    autocomplete_fields = ["trainee", "manager", "lecturer", "mentors"]
    inlines = [StatusChangeInline]


class SignatureInline(admin.TabularInline):
    model = ContractSignature
    extra = 0
    readonly_fields = ["party", "signed_by", "signed_at", "fingerprint"]
    can_delete = False


@admin.register(LearningContract)
class LearningContractAdmin(admin.ModelAdmin):
    """Read-only: contracts change through the portal, where a signed one becomes a new version."""

    list_display = ["enrolment", "version", "study_hours_per_week", "created_at", "superseded_at"]
    inlines = [SignatureInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ContractTemplate)
class ContractTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "study_hours_per_week"]


@admin.register(StudyTimeEntry)
class StudyTimeEntryAdmin(SimpleHistoryAdmin):
    list_display = ["enrolment", "date", "hours", "activity", "state"]
    list_filter = ["state", "activity"]


class ReviewSignatureInline(admin.TabularInline):
    model = ReviewSignature
    extra = 0
    readonly_fields = ["party", "signed_by", "signed_at", "fingerprint"]
    can_delete = False


@admin.register(ProgressReview)
class ProgressReviewAdmin(SimpleHistoryAdmin):
    list_display = ["enrolment", "held_on", "recorded_by"]
    inlines = [ReviewSignatureInline]
