from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobseekerConfig(AppConfig):
    name = "jobseeker"
    verbose_name = _("求職申込み")

    def ready(self) -> None:
        """What jobseeker does in accounts' flows, which cannot import it (pyproject.toml's
        import-linter contracts): every receiver and hook it registers, in one place."""
        from django.contrib.auth.signals import user_logged_in

        from accounts import hooks, signals

        from . import audit, lifecycle
        from .admin.home import counter_home
        from .counter_link import services as counter_link
        from .counter_link import views as counter_link_views
        from .models import Office
        from .wizard import unsent

        signals.account_opened.connect(counter_link.link_on_signup, dispatch_uid="jobseeker")
        signals.account_deletion_planned.connect(lifecycle.plan_deletion, dispatch_uid="jobseeker")
        signals.account_deleting.connect(lifecycle.delete_application, dispatch_uid="jobseeker")
        signals.address_changed.connect(audit.record_address_change, dispatch_uid="jobseeker")
        signals.purging_expired.connect(lifecycle.purge_drafts, dispatch_uid="jobseeker")
        user_logged_in.connect(unsent.drop_for_someone_else, dispatch_uid="jobseeker")
        hooks.signup_destination.register(counter_link_views.signup_destination)
        hooks.contact_office.register(Office.objects.default)
        hooks.admin_home.register(counter_home)
