"""Where /admin/ opens for a 窓口職員: the list of applications, whose search box takes the scan."""

from django.urls import reverse


def counter_home(request) -> str | None:
    """The applications list for staff whose only job is the counter: every permission they hold
    is the counter's (jobseeker's). Superusers, and staff who may also do something else
    (accounts, mails), keep the index that lists it all."""
    user = request.user
    if user.is_superuser or not user.has_perm("jobseeker.view_application"):
        return None
    if any(not permission.startswith("jobseeker.") for permission in user.get_all_permissions()):
        return None
    return reverse("admin:jobseeker_application_changelist")
