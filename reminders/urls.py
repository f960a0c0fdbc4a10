from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
