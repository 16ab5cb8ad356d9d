"""The Django admin's side of core.signing: signed records are read-only there too.

Kept apart from core/signing.py, which models import, because django.contrib.admin may not be imported while
the apps load.
"""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin:
    """For rows written once (signatures, decisions): shown, never added, changed or deleted in the admin.

    As admin classes and inlines both ask these, deleting a record they belong to (an enrolment, say) is
    refused in the admin too: it would delete them.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RevertOnlyIfChangeable:
    """For a SimpleHistoryAdmin: django-simple-history hides "Revert" from people who may not change the
    record, but saves a revert POSTed by anyone who may view it. Refuse that POST."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(
            request, self.get_object(request, object_id)
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class HistoryAdmin(RevertOnlyIfChangeable, SimpleHistoryAdmin):
    """Every admin with history uses this rather than SimpleHistoryAdmin, so no revert is saved for someone
    who may only view the record (tests/test_signed_records_admin.py checks every registered admin)."""


class SignedRecordAdmin(RevertOnlyIfChangeable):
    """For a core.signing.Signable: changed, reverted and deleted in the admin (where its admin allows that at
    all) only until someone signs it; after that, read-only. Put it before the ModelAdmin in the bases."""

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.is_signed()) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.is_signed()) and super().has_delete_permission(request, obj)
