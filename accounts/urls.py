from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm, ThrottledPasswordResetForm

app_name = "accounts"

urlpatterns = [
    # Django's login view with a stricter form; it answers before django.contrib.auth.urls.
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("delete/", views.delete_account, name="delete"),
    # Django's views with throttled forms; they answer before django.contrib.auth.urls too.
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=ThrottledPasswordResetForm),
        name="password_reset",
    ),
]
