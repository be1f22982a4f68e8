"""The site's URLs. The one place that composes the apps: by the dotted paths of their URL
modules (include), so hellowork imports neither accounts nor jobseeker (pyproject.toml's
import-linter contracts)."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from hellowork.health import health
from hellowork.language import switch_language

urlpatterns = [
    # The office's menu (/), its sections, /help/ and /flyer/.
    path("", include("jobseeker.page_urls")),
    path("healthz", health, name="health"),
    # Asked for by browsers and crawlers that ignore the page's <link rel="icon"> (Lighthouse
    # counted the 404 against best practices, issue #17).
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
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
