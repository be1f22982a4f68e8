from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobseekerConfig(AppConfig):
    name = "jobseeker"
    verbose_name = _("求職申込み")
