"""Questions accounts asks the apps above it (jobseeker), which answer by registering a function
here in their AppConfig.ready(); accounts imports none of them (pyproject.toml's import-linter
contracts). What they do when an account opens or goes, or data expires: accounts.signals.
"""

from collections.abc import Callable
from typing import Any


class Hook:
    """One answer an app above accounts gives: its registered function, else `default`."""

    def __init__(self, default: Callable[..., Any]) -> None:
        self._function = default

    def register(self, function: Callable[..., Any]) -> Callable[..., Any]:
        self._function = function
        return function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)


# (request, user, link=None) -> an HttpResponse, or None for the signup's own next page
# (登録完了, accounts:signup_done). Where a logged-in person goes from the signup pages: back
# on one after signing up (link None), or just signed up with the SIGNUP_LINK `link`, whose
# outcome the function tells (accounts.signals.account_opened did the linking).
signup_destination = Hook(default=lambda request, user, link=None: None)

# () -> the office a person is told to call when something cannot go on online (an object with
# `display_name` and `phone`), or None.
contact_office = Hook(default=lambda: None)

# (request) -> the URL a logged-in staff member's /admin/ opens on instead of the index, or None
# for the index (accounts.admin_site.CounterAdminSite.index).
admin_home = Hook(default=lambda request: None)
