"""The offices in the counter, and the rule every counter page keeps: staff see only their own
office's records."""

from django.contrib import admin
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext

from ..models import Office


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "address", "phone"]
    search_fields = ["code", "name"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=request.user.office_id)

    def save_model(self, request, obj, form, change):
        if change:
            # Never write last_serial back: a number issued while the form was open would be
            # handed out again (jobseeker.services.allocate_number).
            obj.save(update_fields=[name for name in form.changed_data if name != "last_serial"])
        else:
            obj.save()


class OwnOfficeMixin:
    """Staff see only their own office's records, everywhere; another office's URL is a 404."""

    def sees_one_office(self, request) -> bool:
        """Staff belong to one office (User.office); superusers see every office's records."""
        return not request.user.is_superuser

    # An office column and filter tell nothing to staff who see one office, and take room a
    # list at 1366 px needs (#15 item 3).
    def get_list_display(self, request):
        names = super().get_list_display(request)
        return [n for n in names if n != "office"] if self.sees_one_office(request) else names

    def get_list_filter(self, request):
        names = super().get_list_filter(request)
        if not self.sees_one_office(request):
            return names
        return [n for n in names if n != "office" and not _filters_office(n)]

    def office_filter(self, request) -> Q:
        return Q(office=request.user.office_id)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if request.user.office_id is None:
            return queryset.none()
        return queryset.filter(self.office_filter(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(gettext("求職申込みが見つかりません。"))
        return obj


def _filters_office(list_filter) -> bool:
    """Whether a list_filter entry is ("office", SomeFilter)."""
    return isinstance(list_filter, tuple) and list_filter[0] == "office"
