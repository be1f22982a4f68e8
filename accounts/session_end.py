"""When a login ends, and what counts as using it (issue #17, WCAG 2.2.1 Timing Adjustable).

A login lasts SESSION_COOKIE_AGE (8 hours) from the last request made with it: it slides. Django
moves a session's end (the cookie's Max-Age and the store's expiry) only when it saves the
session, so every request of a logged-in person saves it, at most once per TOUCH_INTERVAL, and
records when in the session itself: the end is always that moment plus SESSION_COOKIE_AGE, which
the pages render for static/js/session.js. Asking how long is left (the script does, before it
warns or logs out) is not a use: otherwise an open tab would keep itself logged in for ever.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

# The session's key for the time (seconds since the epoch) its end was last moved.
TOUCHED = "session_touched_at"


def touch_interval() -> int:
    """Saving the session costs a write: once a minute is enough for an 8-hour login (the end
    shown moves by at most that), and shorter for the tests' short logins."""
    return min(60, settings.SESSION_COOKIE_AGE // 100)


def touch(session, *, force: bool = False) -> None:
    """Moves the session's end to SESSION_COOKIE_AGE from now (the session is saved by Django's
    SessionMiddleware because it is modified)."""
    now = int(time.time())
    if force or session.modified or now - session.get(TOUCHED, 0) >= touch_interval():
        session[TOUCHED] = now


def seconds_left(session) -> int:
    """How long the login of this session lasts without another request; 0 without a login."""
    if SESSION_KEY not in session or TOUCHED not in session:
        return 0
    ends_at = session[TOUCHED] + settings.SESSION_COOKIE_AGE
    return max(0, ends_at - int(time.time()))


class SessionActivityMiddleware:
    """A request of a logged-in person moves the end of their login (see the module). After
    AuthenticationMiddleware; before the view, so that the page renders the end it sets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A login, or anything else that saves the session, moves its end too.
        if request.session.modified and SESSION_KEY in request.session:
            touch(request.session)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "leaves_session_end", False):
            return None
        # Without a session cookie there is no login, and no need to read the store.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            touch(request.session)
        return None
