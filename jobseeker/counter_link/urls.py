from django.urls import path

from . import views

app_name = "counter_link"

urlpatterns = [
    path("", views.CounterAccountView.as_view(), name="start"),
    path("cancel/", views.cancel, name="cancel"),
]
