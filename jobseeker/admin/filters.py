"""The filters of the counter's list of applications that are more than a field's values."""

import calendar

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import CounterLinkLock, Office


class ValidityFilter(admin.SimpleListFilter):
    """有効期限 (SPEC: 申込日の翌々月末) as staff think of it: still valid, ending soon, expired."""

    title = _("有効期限")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("valid", _("有効")),
            ("ending", _("今月末までに期限切れ")),
            ("expired", _("有効期限切れ")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        if self.value() == "valid":
            return queryset.filter(valid_until__gte=today)
        if self.value() == "ending":
            return queryset.filter(valid_until__gte=today, valid_until__lte=month_end)
        if self.value() == "expired":
            return queryset.filter(valid_until__lt=today)
        return queryset


class CounterLinkFilter(admin.SimpleListFilter):
    """Applications whose 求職番号 may not be linked online any more, after repeated mismatches
    of 生年月日 (counter_link.services.match_counter_application); staff unlock each one."""

    title = _("オンライン結び付け")
    parameter_name = "counter_link"

    def lookups(self, request, model_admin):
        return [("locked", _("停止中"))]

    def queryset(self, request, queryset):
        if self.value() == "locked":
            return queryset.filter(number__in=CounterLinkLock.objects.locked().values("number"))
        return queryset


class OfficeFilter(admin.RelatedFieldListFilter):
    """ハローワーク for a superuser, the only one who sees every office (staff of one office have
    no office filter, OwnOfficeMixin): one list box of the offices by 安定所番号 and a button,
    not a link per office down the side of the page (544 of them nationwide)."""

    template = "admin/jobseeker/application/office_filter.html"

    def field_choices(self, field, request, model_admin):
        return [(office.pk, f"{office.code} {office.name}") for office in Office.objects.all()]

    def choices(self, changelist):
        # The list's other parameters, kept by the form as hidden fields (the page restarts).
        self.kept_params = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name not in self.expected_parameters()
            for value in values
        ]
        self.chosen = set(self.lookup_val or [])
        return super().choices(changelist)
