"""The 求職者マイページ."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class MyPageView(LoginRequiredMixin, TemplateView):
    template_name = "jobseeker/mypage.html"
