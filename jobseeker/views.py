"""The 求職者マイページ."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import summary
from .models import Application, ApplicationDraft
from .qr import qr_svg


class MyPageView(LoginRequiredMixin, TemplateView):
    template_name = "jobseeker/mypage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        application = (
            Application.objects.select_related("office")
            .prefetch_related("qualifications", "work_histories")
            .filter(user=user, number__isnull=False)
            .first()
        )
        if application is None:
            context["has_draft"] = ApplicationDraft.objects.filter(user=user).exists()
            return context
        context.update(
            application=application,
            office=application.office,
            qr=qr_svg(
                application.number, label=_("求職番号 %(number)s") % {"number": application.number}
            ),
            expired=application.valid_until < timezone.localdate(),
            sections=summary.sections(application),
        )
        return context
