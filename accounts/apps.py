from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("求職者マイページアカウント")

    def ready(self) -> None:
        from . import checks, signals, tracking  # noqa: F401
