from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="accounts:start"), name="home"),
    path("account/", include("accounts.urls")),
    path("mypage/", include("jobseeker.urls")),
    path("admin/", admin.site.urls),
]
