from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import RoleVariant, WorkforceRole


class RoleVariantInline(admin.TabularInline):
    model = RoleVariant
    extra = 0


@admin.register(WorkforceRole)
class WorkforceRoleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "band", "standard", "organisation"]
    list_filter = ["band", "organisation"]
    search_fields = ["name"]
    inlines = [RoleVariantInline]
