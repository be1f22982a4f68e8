from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("求職者マイページアカウント")

    def ready(self) -> None:
        from . import checks, signals, tracking  # noqa: F401


class CounterAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with accounts.admin_site.CounterAdminSite as `admin.site`."""

    default = False
    default_site = "accounts.admin_site.CounterAdminSite"
