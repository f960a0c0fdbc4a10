from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("push/subscribe/", views.push_subscribe, name="push-subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push-unsubscribe"),
]
