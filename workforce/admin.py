"""The Django admin's view of workforce plans: the catalogue, targets and returns, the career framework,
codes of practice and role profiles, for an administrator putting something right.

What is fixed in the portal is fixed here too: a published code of practice and the acknowledgements of it,
a published profile version (which vacancies and agreements use), and a job description agreement once
signed (with its signatures) are shown read-only and are not deleted. Vacancies, candidates and scores are
left out on purpose: candidates are personal data, seen only by the recruiting organisation's leads and panel.
"""

from django.contrib import admin

from core.signing_admin import HistoryAdmin, ReadOnlyAdmin, SignedRecordAdmin

from .models import (
    AgreementSignature,
    CareerStep,
    CodeAcknowledgement,
    CodeVersion,
    Criterion,
    HeadcountReturn,
    JobDescriptionAgreement,
    ProfileSection,
    ProfileVersion,
    ProgressionAgreement,
    RoleProfile,
    RoleVariant,
    ScopeStatement,
    SectionItem,
    Target,
    WorkforceRole,
)

# --- The catalogue ----------------------------------------------------------------------------------------


class RoleVariantInline(admin.TabularInline):
    model = RoleVariant
    extra = 0


@admin.register(WorkforceRole)
class WorkforceRoleAdmin(HistoryAdmin):
    list_display = ["name", "band", "standard", "organisation"]
    list_filter = ["band", "organisation"]
    search_fields = ["name"]
    inlines = [RoleVariantInline]


# --- Targets and headcount returns ------------------------------------------------------------------------


@admin.register(Target)
class TargetAdmin(HistoryAdmin):
    list_display = ["workforce_role", "number", "due_on", "region", "organisation", "set_by"]
    list_filter = ["workforce_role", "region", "organisation"]
    readonly_fields = ["set_by", "set_at", "changed_at"]


@admin.register(HeadcountReturn)
class HeadcountReturnAdmin(HistoryAdmin):
    list_display = [
        "organisation",
        "workforce_role",
        "period_end",
        "in_post",
        "in_training",
        "vacancies",
        "starters",
        "leavers",
    ]
    list_filter = ["organisation", "workforce_role"]
    date_hierarchy = "period_end"
    readonly_fields = ["submitted_by", "submitted_at", "corrected_by", "corrected_at"]


# --- The career framework ---------------------------------------------------------------------------------


class ProgressionAgreementInline(admin.TabularInline):
    model = ProgressionAgreement
    extra = 0
    fields = ["partner", "partner_name", "gives", "starts_on", "ends_on"]


@admin.register(CareerStep)
class CareerStepAdmin(HistoryAdmin):
    list_display = ["from_role", "to_role", "organisation", "route", "standard", "order"]
    list_filter = ["organisation"]
    readonly_fields = ["added_by"]
    inlines = [ProgressionAgreementInline]


@admin.register(ProgressionAgreement)
class ProgressionAgreementAdmin(HistoryAdmin):
    list_display = ["step", "partner", "partner_name", "starts_on", "ends_on"]
    readonly_fields = ["added_by"]


# --- The code of practice ---------------------------------------------------------------------------------


def _published(version):
    return version is not None and version.published_at is not None


class DraftRowsOnly:
    """An inline of a version's rows (scope statements, criteria, sections): put right only while the version
    is a draft (``obj`` is the version)."""

    def has_add_permission(self, request, obj=None):
        return not _published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)


class ScopeStatementInline(DraftRowsOnly, admin.StackedInline):
    model = ScopeStatement
    extra = 0


class CodeAcknowledgementInline(ReadOnlyAdmin, admin.TabularInline):
    model = CodeAcknowledgement
    extra = 0
    fields = readonly_fields = ["person", "acknowledged_at"]


@admin.register(CodeVersion)
class CodeVersionAdmin(admin.ModelAdmin):
    """A draft is put right here; a published version never changes and is kept."""

    list_display = ["organisation", "number", "title", "published_at"]
    list_filter = ["organisation"]
    readonly_fields = ["created_by", "created_at", "published_at", "published_by"]
    inlines = [ScopeStatementInline, CodeAcknowledgementInline]

    def has_add_permission(self, request):
        return False  # drafted in the portal, numbered in turn

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)


@admin.register(CodeAcknowledgement)
class CodeAcknowledgementAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Acknowledgements are written once, by the person, in the portal."""

    list_display = ["person", "version", "acknowledged_at"]
    list_filter = ["version__organisation"]
    fields = readonly_fields = ["version", "person", "acknowledged_at"]


# --- Role profiles and the job description agreement -----------------------------------------------------


class VersionRowsInline(DraftRowsOnly, admin.TabularInline):
    extra = 0


class CriterionInline(VersionRowsInline):
    model = Criterion
    fields = [
        "order",
        "category",
        "text",
        "essential",
        "by_application",
        "by_interview",
        "by_references",
        "by_testing",
    ]


class ProfileSectionInline(VersionRowsInline):
    model = ProfileSection
    fields = ["order", "part", "heading", "subheading", "style"]
    show_change_link = True


class ProfileVersionInline(ReadOnlyAdmin, admin.TabularInline):
    model = ProfileVersion
    extra = 0
    fields = readonly_fields = ["number", "job_title", "band", "published_at"]
    show_change_link = True


@admin.register(RoleProfile)
class RoleProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "workforce_role", "variant"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    inlines = [ProfileVersionInline]

    def has_delete_permission(self, request, obj=None):
        # Deleting it would delete its published versions with it.
        return not (obj and obj.versions.published().exists()) and super().has_delete_permission(request, obj)


@admin.register(ProfileVersion)
class ProfileVersionAdmin(admin.ModelAdmin):
    """A draft is put right here; a published version never changes and is kept."""

    list_display = ["profile", "number", "job_title", "band", "published_at"]
    list_filter = ["profile__organisation"]
    readonly_fields = ["profile", "number", "created_by", "created_at", "published_at", "published_by"]
    inlines = [ProfileSectionInline, CriterionInline]

    def has_add_permission(self, request):
        return False  # made in the portal, as a profile's first version or a copy of the current one

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)


class SectionItemInline(admin.TabularInline):
    """A section's items: put right only while its version is a draft (``obj`` is the section)."""

    model = SectionItem
    extra = 0
    fields = ["order", "text"]

    def has_add_permission(self, request, obj=None):
        return not (obj and _published(obj.version)) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not (obj and _published(obj.version)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _published(obj.version)) and super().has_delete_permission(request, obj)


@admin.register(ProfileSection)
class ProfileSectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "version", "part", "order"]
    readonly_fields = ["version"]
    inlines = [SectionItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return not (obj and _published(obj.version)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _published(obj.version)) and super().has_delete_permission(request, obj)


AGREEMENT_SIGNATURE_FIELDS = ["party", "signed_by", "signed_at", "fingerprint"]


class AgreementSignatureInline(ReadOnlyAdmin, admin.TabularInline):
    model = AgreementSignature
    extra = 0
    fields = readonly_fields = AGREEMENT_SIGNATURE_FIELDS


@admin.register(JobDescriptionAgreement)
class JobDescriptionAgreementAdmin(SignedRecordAdmin, admin.ModelAdmin):
    """Put right (the wrong person named) only until someone signs it; then read-only and kept."""

    list_display = ["job_holder", "line_manager", "version", "created_at"]
    list_filter = ["version__profile__organisation"]
    readonly_fields = ["version", "named_by", "created_at"]
    inlines = [AgreementSignatureInline]

    def has_add_permission(self, request):
        return False  # named in the portal, on a published version


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Signatures are written once, by the portal, and never changed or deleted."""

    list_display = ["agreement", *AGREEMENT_SIGNATURE_FIELDS]
    list_filter = ["party"]
    fields = readonly_fields = ["agreement", *AGREEMENT_SIGNATURE_FIELDS]
