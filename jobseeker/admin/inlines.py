"""The 資格 and 経歴 rows shown inside an application's page in the counter."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Qualification, WorkHistory
from .forms import InlineRowForm


class QualificationInline(admin.TabularInline):
    model = Qualification
    form = InlineRowForm
    extra = 0
    can_delete = False


class WorkHistoryInline(admin.StackedInline):
    model = WorkHistory
    form = InlineRowForm
    extra = 0
    can_delete = False
    # Headed like the fieldsets around it (5 学歴／資格登録, 7 自己PR登録), in the wizard's order.
    verbose_name_plural = _("6 経歴登録")
