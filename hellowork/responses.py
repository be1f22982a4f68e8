"""Responses that do some work once the server has sent them."""

import logging
from collections.abc import Callable

from django.http import HttpResponseRedirect
from django.utils import translation

logger = logging.getLogger(__name__)


class RedirectThenRun(HttpResponseRedirect):
    """A redirect that calls `after` when the server closes it, once the client has it all.

    For work whose duration must not show in the response time (accounts.views
    PasswordResetView). WSGI and ASGI servers call close() after the last byte is written;
    Django's test client calls it too, in the same thread, before returning the response, so
    tests see the work done and no thread is left behind. The server's process stays busy with
    `after` until it returns, as it would inside the request. An exception in `after` is logged,
    never raised: the response is gone by then.
    """

    def __init__(self, redirect_to: str, after: Callable[[], object], *args, **kwargs):
        super().__init__(redirect_to, *args, **kwargs)
        self._after = after
        # The request's language is no longer active when the server closes the response.
        self._language = translation.get_language()

    def close(self) -> None:
        after, self._after = self._after, None
        if after is not None:
            try:
                with translation.override(self._language):
                    after()
            except Exception:
                logger.exception("The work after a response failed")
        # Last: it sends request_finished, which may close the database connection.
        super().close()
