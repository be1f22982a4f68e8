from django.urls import path

from . import views

app_name = "jobseeker"

urlpatterns = [
    path("", views.MyPageView.as_view(), name="mypage"),
    path("apply/", views.MyPageView.as_view(), name="apply"),
]
