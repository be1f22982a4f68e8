from django.urls import path

from . import views
from .wizard.view import ApplicationWizard

app_name = "jobseeker"

apply_wizard = ApplicationWizard.as_view(url_name="jobseeker:apply_step", done_step_name="done")

urlpatterns = [
    path("", views.MyPageView.as_view(), name="mypage"),
    path("apply/", apply_wizard, name="apply"),
    path("apply/<str:step>/", apply_wizard, name="apply_step"),
    path("print/", views.PrintView.as_view(), name="print"),
    path("correction/discard/", views.discard_correction, name="discard_correction"),
    path("postal/", views.postal_address, name="postal_address"),
]
