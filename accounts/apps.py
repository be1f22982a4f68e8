from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("求職者マイページアカウント")

    def ready(self) -> None:
        from hellowork import csrf

        from . import checks, password_attempts, tracking  # noqa: F401
        from .views.login import refused_form_logs_in_as

        # A login form sent again after its token was renewed by the login takes the person
        # home instead of the cookie explanation (README "A refused form").
        login_pages = (
            "accounts:login",
            "accounts:login_code",
            "accounts:signup_password",
            "admin:login",
            "admin:login_code",
        )
        for login_page in login_pages:
            csrf.register_login_page(login_page, refused_form_logs_in_as)


class CounterAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, with accounts.admin_site.CounterAdminSite as `admin.site`."""

    default = False
    default_site = "accounts.admin_site.CounterAdminSite"
