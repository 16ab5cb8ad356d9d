from django.contrib import admin

from core.signing_admin import HistoryAdmin, ReadOnlyAdmin, SignedRecordAdmin

from .models import (
    ActionFollowUp,
    BreakInLearning,
    Cohort,
    ContractSignature,
    ContractTemplate,
    Enrolment,
    LearningContract,
    PlannedDelivery,
    PlanSignature,
    Programme,
    ProgressReview,
    ReviewAction,
    ReviewSignature,
    SkillsScan,
    SkillsScanRating,
    StatusChange,
    StudyTimeEntry,
    TrainingPlan,
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


class ReviewRowsInline(admin.TabularInline):
    """A review's actions: put right here only while nobody has signed the review (``obj`` is the review)."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return not (obj and obj.is_signed()) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_signed()) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_signed()) and super().has_delete_permission(request, obj)


class FollowUpInline(ReviewRowsInline):
    model = ActionFollowUp
    fk_name = "review"
    fields = ["action", "owner", "due_on", "outcome", "comment"]
    verbose_name_plural = "actions from the last review"


class NextActionInline(ReviewRowsInline):
    model = ReviewAction
    fields = ["action", "owner", "due_on"]
    verbose_name_plural = "next actions"


@admin.register(ProgressReview)
class ProgressReviewAdmin(SignedRecordAdmin, HistoryAdmin):
    """A review may be put right here until someone signs it; then it is read-only, history, actions and
    deletion included (the model and its queryset refuse the same, whoever asks)."""

    list_display = ["enrolment", "held_on", "recorded_by"]
    inlines = [FollowUpInline, NextActionInline, ReviewSignatureInline]


# --- Training plans: changed only through the portal (a signed version becomes a new version) ------------


class PlanSignatureInline(ReadOnlyAdmin, admin.TabularInline):
    model = PlanSignature
    extra = 0
    fields = readonly_fields = SIGNATURE_FIELDS


class PlannedDeliveryInline(ReadOnlyAdmin, admin.TabularInline):
    model = PlannedDelivery
    extra = 0
    fields = readonly_fields = ["what", "starts_on", "ends_on", "term", "how", "by_whom"]


@admin.register(PlanSignature)
class PlanSignatureAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["plan", *SIGNATURE_FIELDS]
    list_filter = ["party"]
    fields = readonly_fields = ["plan", *SIGNATURE_FIELDS]


@admin.register(TrainingPlan)
class TrainingPlanAdmin(SignedRecordAdmin, admin.ModelAdmin):
    """Read-only: plans change through the portal, where a signed one becomes a new version; once signed,
    not deleted either."""

    list_display = ["enrolment", "version", "off_the_job_hours", "created_at", "superseded_at"]
    inlines = [PlannedDeliveryInline, PlanSignatureInline]

    def has_change_permission(self, request, obj=None):
        return False


class SkillsScanRatingInline(ReadOnlyAdmin, admin.TabularInline):
    model = SkillsScanRating
    extra = 0
    fields = readonly_fields = ["ksb", "rating", "evidence"]


@admin.register(SkillsScan)
class SkillsScanAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Part of a training plan version, recorded through the portal; read-only here."""

    list_display = ["plan", "reduction_hours", "recorded_by", "recorded_at"]
    fields = readonly_fields = ["plan", "reduction_hours", "justification", "recorded_by", "recorded_at"]
    inlines = [SkillsScanRatingInline]
