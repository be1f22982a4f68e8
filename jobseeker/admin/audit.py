"""The audit trail of the counter (who viewed or changed which application), for superusers."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin

from ..models import AuditRecord
from .wording import person


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    """Read-only, and for superusers only: staff cannot see or edit the trail of their work."""

    list_display = ["at", "who", "action", "application"]
    list_filter = ["action", "at"]
    list_select_related = ["staff", "application"]
    search_fields = ["application__number", "staff__email"]

    @admin.display(description=_("操作した人"), ordering="staff")
    def who(self, obj):
        # No staff member: the applicant, through the マイページ (jobseeker/audit.py).
        return person(obj.staff)

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
