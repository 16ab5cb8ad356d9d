"""Administration of the tool's versions and of assessments.

A version that an assessment uses is read-only here, as is a completed assessment and its ratings: new
content is loaded as a new version (the page /pastoral/tool/ or ``manage.py load_pastoral_tool``), so
completed assessments keep what they were rated against. Every change is kept in the history.
"""

from django.contrib import admin

from core.signing_admin import HistoryAdmin

from .models import RATING_FIELDS, Assessment, Element, PastoralSettings, Rating, Theme, ToolVersion


def _version_in_use(version):
    return version is not None and version.assessments.exists()


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["order", "title"]
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return not _version_in_use(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not _version_in_use(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _version_in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(ToolVersion)
class ToolVersionAdmin(HistoryAdmin):
    list_display = ["label", "organisation", "is_example", "source_name", "loaded_by", "loaded_at"]
    list_filter = ["is_example", "organisation"]
    search_fields = ["label", "source_name"]
    readonly_fields = ["source_name", "content_hash", "loaded_by", "loaded_at"]
    autocomplete_fields = ["organisation"]
    inlines = [ThemeInline]

    def has_add_permission(self, request):
        return False  # versions are loaded from a file, all-or-nothing

    def has_delete_permission(self, request, obj=None):
        return not _version_in_use(obj) and super().has_delete_permission(request, obj)


class ElementInline(admin.StackedInline):
    model = Element
    extra = 0
    fields = ["phase", "order", "ref", "text", "examples"]

    def has_change_permission(self, request, obj=None):
        return not (obj and _version_in_use(obj.version)) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not (obj and _version_in_use(obj.version)) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _version_in_use(obj.version)) and super().has_delete_permission(request, obj)


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    list_display = ["title", "order", "version"]
    list_filter = ["version"]
    inlines = [ElementInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return not (obj and _version_in_use(obj.version)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and _version_in_use(obj.version)) and super().has_delete_permission(request, obj)


@admin.register(Element)
class ElementAdmin(HistoryAdmin):
    list_display = ["__str__", "phase", "theme"]
    list_filter = ["theme__version", "phase"]
    search_fields = ["text", "ref"]
    readonly_fields = ["match_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return not (obj and _version_in_use(obj.theme.version)) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return not (obj and _version_in_use(obj.theme.version)) and super().has_delete_permission(
            request, obj
        )


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["element", *RATING_FIELDS, "carried_forward"]
    readonly_fields = ["element"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_completed) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(HistoryAdmin):
    list_display = ["organisation", "assessed_on", "status", "tool_version", "completed_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["organisation__name"]
    readonly_fields = ["organisation", "tool_version", "previous", "status", "created_by", "created_at"]
    readonly_fields += ["completed_by", "completed_at"]
    inlines = [RatingInline]

    def has_add_permission(self, request):
        return False  # started by a workforce lead in the portal, from the last one's ratings

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_completed) and super().has_change_permission(request, obj)


@admin.register(Rating)
class RatingAdmin(HistoryAdmin):
    list_display = ["element", "rag", "assessment", "updated_by", "updated_at"]
    list_filter = ["rag", "assessment__organisation"]
    readonly_fields = ["assessment", "element", "updated_by", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.assessment.is_completed) and super().has_change_permission(request, obj)


@admin.register(PastoralSettings)
class PastoralSettingsAdmin(HistoryAdmin):
    list_display = ["organisation", "revisit_interval_months"]
    autocomplete_fields = ["organisation"]
