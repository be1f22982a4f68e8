"""Form bodies are read as UTF-8 only: a form declared in any other charset gets the site's 400.

Django refuses an application/x-www-form-urlencoded body declared in another charset (BadRequest
when request.POST is first read, by the CSRF check), but its error views read request.POST again
for their own CSRF token and raise again, so the refusal escaped every middleware: gunicorn
answered a bare 500, without the site's page, CSP or HSTS. Refused here, before anything reads
the body, the 400 is Django's own bad_request page (templates/400.html) and goes out through the
site's middleware like any other answer.

A real charset (latin-1, shift_jis) is refused rather than decoded: the site's pages are UTF-8
and a browser posts a form in its page's charset, so only a script sends anything else; the
form encoding standard (WHATWG URL) knows no charset parameter, and Django reads only UTF-8.
"""

import codecs
from typing import NoReturn

from django.core.exceptions import BadRequest
from django.core.handlers.wsgi import WSGIHandler
from django.utils.http import parse_header_parameters

FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
# Where SiteWSGIHandler keeps a Content-Type header Django cannot parse.
UNREADABLE_CONTENT_TYPE = "hellowork.unreadable_content_type"


def is_utf_8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


class FormCharsetMiddleware:
    """A 400 for a form in another (or an unknown) charset, before anything reads its body.

    Placed before CsrfViewMiddleware, the first to read request.POST.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if UNREADABLE_CONTENT_TYPE in request.META:
            refuse(request, "The Content-Type header cannot be parsed.")
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            charset = request.content_params.get("charset")
            if charset is not None and not is_utf_8(charset):
                refuse(request, f"A form declared in {charset!r}: forms are read as UTF-8.")
            if charset is not None:
                # UTF-8 by another name (utf8, UTF_8): Django's own check only knows "utf-8".
                request.encoding = "utf-8"
        return self.get_response(request)


def refuse(request, reason: str) -> NoReturn:
    """Raises BadRequest, which Django answers with the 400 page (settings' handler400)."""
    # An empty form and no files, so that nothing answering the error (the CSRF token of an
    # error view, DEBUG's page of request.FILES) reads the body: what Django's own handler
    # does for a body too big.
    request._mark_post_parse_error()
    raise BadRequest(reason)


class SiteWSGIHandler(WSGIHandler):
    """Django's WSGI handler, but a Content-Type header Django cannot parse (a parameter in an
    unknown RFC 2231 charset: `charset*=x-unknown''utf-8`) reaches FormCharsetMiddleware.

    Django raises BadRequest for it while it builds the request, outside every middleware and
    error view, and gunicorn answered a bare 500. The header is set aside in the environ
    instead, so the request has no body to read and the middleware answers 400.
    """

    def __call__(self, environ, start_response):
        try:
            parse_header_parameters(environ.get("CONTENT_TYPE", ""))
        except ValueError:
            environ[UNREADABLE_CONTENT_TYPE] = environ.pop("CONTENT_TYPE")
        return super().__call__(environ, start_response)
