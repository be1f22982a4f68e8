"""A step's input sent after the login ended, kept until its owner logs in again (issue #17).

Without JavaScript nobody warns that the login is about to end, and a person who types for a
long while, then presses 次へ進む, reaches the login page instead. What they typed is kept in
the (new, anonymous) session, never in the database: no request without a login writes to an
account. It goes into the draft only when the same account logs in again on this browser soon
after, which then opens the step with it, and only if the draft has not changed since (on
another device, say). Anyone else who logs in here (a shared phone) never sees it: the login
drops it.

The page names its owner in a signed field (OWNER_FIELD), so input cannot be planted for
someone else by a crafted request, and a page's field is only good for a day. What is kept is
what a draft would keep of the step (jobseeker/draft_limits.py), so an anonymous request can
put no more in the session than a step can in a draft.
"""

import time

from django.core import signing
from django.http import QueryDict

from ..draft_limits import keep_within_limits, request_too_large
from .confirm import RETURN_MODES, RETURN_TO

OWNER_FIELD = "draft_owner"
SALT = "jobseeker.wizard.unsent"
# The session's key for {"owner": pk, "step": name, "data": {key: [values]}, "kept_at": time}.
SESSION_KEY = "jobseeker_unsent_step"
# Longer than any login (8 hours from the last request), shorter than a forgotten tab.
MAX_AGE = 24 * 60 * 60
# How long the input waits for its owner's next login: a person logs in again at once.
KEPT_FOR = 60 * 60


def owner_token(user) -> str:
    """The value of the step page's OWNER_FIELD for `user`."""
    return signing.dumps(user.pk, salt=SALT)


def keep(request, step: str) -> bool:
    """Keeps the POSTed input of `step` in the session if its page names an owner and the
    input is within a draft's limits; says if so."""
    try:
        owner = signing.loads(request.POST.get(OWNER_FIELD, ""), salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    if request_too_large(request):
        return False
    data, _shortened = keep_within_limits(step, request.POST)
    if request.POST.get(RETURN_TO) in RETURN_MODES:
        data[RETURN_TO] = [request.POST[RETURN_TO]]
    request.session[SESSION_KEY] = {
        "owner": owner, "step": step, "data": data, "kept_at": time.time()
    }  # fmt: skip
    return True


def take(request, draft_saved_at: float) -> tuple[str, QueryDict] | None:
    """(step, input) kept for the logged-in account, removed from the session; None when
    there is none, or when it is older than KEPT_FOR or than the draft's last save."""
    unsent = request.session.pop(SESSION_KEY, None)
    if unsent is None or unsent["owner"] != request.user.pk:
        return None
    if unsent["kept_at"] < max(time.time() - KEPT_FOR, draft_saved_at):
        return None
    data = QueryDict(mutable=True)
    for key, values in unsent["data"].items():
        data.setlist(key, values)
    return unsent["step"], data


def drop_for_someone_else(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: input kept for another account leaves the session at login."""
    unsent = request.session.get(SESSION_KEY)
    if unsent is not None and unsent["owner"] != user.pk:
        del request.session[SESSION_KEY]
