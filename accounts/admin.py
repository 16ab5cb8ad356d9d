from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from core.signing_admin import HistoryAdmin

from .models import Invitation, Membership, Organisation, Region, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Work", {"fields": ("job_title",)}))
    list_display = ["username", "email", "first_name", "last_name", "job_title", "is_active", "is_staff"]
    inlines = [MembershipInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "ods_code", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "ods_code"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "role", "organisation", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(HistoryAdmin):
    list_display = ["email", "role", "organisation", "status", "created_at", "expires_at"]
    list_filter = ["status", "role", "organisation"]
    search_fields = ["email", "invitee__username", "organisation__name"]
    autocomplete_fields = ["organisation", "invitee", "invited_by"]
    readonly_fields = ["created_at", "answered_at"]
