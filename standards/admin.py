from django.contrib import admin

from core.signing_admin import HistoryAdmin

from .forms import StandardAdminForm
from .models import KSB, Competency, Duty, Framework, LocalDutyMapping, Progression, Standard
from .services import set_duty_mapping


class KSBInline(admin.TabularInline):
    model = KSB
    fields = ["kind", "number", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False  # statements come only from the Institute's file, exactly as published


@admin.register(Standard)
class StandardAdmin(HistoryAdmin):
    """Adding a standard version to the shared catalogue (importing it in the portal) is for administrators;
    to let a workforce lead do it, give them the permission "standards | standard | Can add standard" on
    their user, or through a group."""

    form = StandardAdminForm  # its links are web addresses only, as on import
    list_display = ["reference", "version", "title", "level", "status", "duty_mapping"]
    list_filter = ["level", "status", "duty_mapping"]
    search_fields = ["reference", "title"]
    readonly_fields = ["reference", "version", "imported_at"]
    inlines = [KSBInline]


@admin.register(Duty)
class DutyAdmin(admin.ModelAdmin):
    """Where a site administrator maps duties to KSBs; doing so marks the standard's mapping as local."""

    list_display = ["__str__", "standard", "is_core", "ksb_count"]
    list_filter = ["standard"]
    fields = ["standard", "number", "text", "is_core", "ksbs"]
    readonly_fields = ["standard", "number", "text", "is_core"]
    filter_horizontal = ["ksbs"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("ksbs").select_related("standard")

    @admin.display(description="KSBs")
    def ksb_count(self, obj):
        return len(obj.ksbs.all())

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        duty_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "ksbs" and duty_id:
            kwargs["queryset"] = KSB.objects.filter(standard__duties=duty_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        set_duty_mapping(duty=form.instance, ksbs=form.cleaned_data["ksbs"])

    def has_add_permission(self, request):
        return False


@admin.register(KSB)
class KSBAdmin(admin.ModelAdmin):
    list_display = ["code", "standard", "text"]
    list_filter = ["standard", "kind"]
    search_fields = ["text"]
    readonly_fields = ["standard", "kind", "number", "text", "source_id"]

    def has_add_permission(self, request):
        return False


@admin.register(Progression)
class ProgressionAdmin(admin.ModelAdmin):
    """The Institute's progression map (no organisation) and links an organisation's lead made locally."""

    list_display = ["from_reference", "from_title", "to_reference", "to_title", "to_level", "organisation"]
    list_filter = ["organisation"]


class CompetencyInline(admin.StackedInline):
    model = Competency
    extra = 0
    filter_horizontal = ["ksbs"]


@admin.register(Framework)
class FrameworkAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "standard", "updated_at"]
    list_filter = ["organisation"]
    inlines = [CompetencyInline]


@admin.register(Competency)
class CompetencyAdmin(HistoryAdmin):
    list_display = ["code", "title", "kind", "role", "framework"]
    list_filter = ["framework", "kind"]
    search_fields = ["code", "title"]
    filter_horizontal = ["ksbs"]


@admin.register(LocalDutyMapping)
class LocalDutyMappingAdmin(HistoryAdmin):
    """Each organisation's locally made duty mapping, as its workforce lead proposed it in the portal."""

    list_display = ["duty", "organisation", "made_by", "made_at"]
    list_filter = ["organisation", "duty__standard"]
    readonly_fields = ["organisation", "duty", "made_by", "made_at"]
    filter_horizontal = ["ksbs"]

    def has_add_permission(self, request):
        return False  # proposed by the organisation's workforce lead, on the standard's page
