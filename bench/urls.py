"""The site's URLs plus /bench/bare/, the bare Django view the benchmark compares against,
and /bench/bare-logged-in/, the same after reading the session and the account.

Mounted only by bench.settings, never by the production urlconf.
"""

from django.http import HttpResponse
from django.urls import path

from hellowork.urls import urlpatterns as site_urlpatterns


def bare(request):
    """Goes through the same middleware as every page, then answers without any work."""
    return HttpResponse(b"ok", content_type="text/plain")


def bare_logged_in(request):
    """The bare view plus what every logged-in page pays: the session and the account."""
    return HttpResponse(b"ok" if request.user.is_authenticated else b"anonymous")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-logged-in/", bare_logged_in),
    *site_urlpatterns,
]
