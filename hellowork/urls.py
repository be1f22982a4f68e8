"""The site's URLs. The one place that composes the apps: by the dotted paths of their URL
modules (include), so hellowork imports neither accounts nor jobseeker (pyproject.toml's
import-linter contracts)."""

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from hellowork.health import health
from hellowork.language import switch_language


def favicon(request):
    # The icon's address is looked up when asked for, not when the URLs load: in production it
    # comes from collectstatic's manifest, which a management command may run before.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    # The office's menu (/), its sections, /help/ and /flyer/.
    path("", include("jobseeker.page_urls")),
    path("healthz", health, name="health"),
    # Asked for by browsers and crawlers that ignore the page's <link rel="icon"> (Lighthouse
    # counted the 404 against best practices, issue #17).
    path("favicon.ico", favicon),
    path("language/", switch_language, name="switch_language"),
    # 求職者マイページ開設（アカウント登録手続きの方）: a signup that links a counter-made
    # application, so it belongs with the applications.
    path("account/counter/", include("jobseeker.counter_link.urls")),
    path("account/", include("accounts.urls")),
    path("mypage/", include("jobseeker.urls")),
    path("admin/", admin.site.urls),
    # The mail provider's delivery events; 404 unless ANYMAIL_WEBHOOK_SECRET is set.
    path("anymail/", include("accounts.webhooks")),
]

# The counter's 403 and 404 in its own layout, the site's elsewhere (hellowork/errors.py).
handler403 = "hellowork.errors.permission_denied"
handler404 = "hellowork.errors.page_not_found"
