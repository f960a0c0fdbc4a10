from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import cache
from .forms import DeleteAccountForm, ProfileForm, SignupForm, ThrottledPasswordChangeForm
from .models import Profile


def signup(request):
    if request.user.is_authenticated:
        return redirect("diary:dashboard")
    if request.method == "POST":
        form = SignupForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                "Welcome to your Twitch Diary. Log a twitch whenever one happens, and check in "
                "once a day, even on days without twitching.",
            )
            return redirect("diary:dashboard")
    else:
        form = SignupForm()
    return render(request, "registration/signup.html", {"form": form})


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.profile)
        if form.is_valid():
            form.save()
            if form.has_changed():
                # The reports print the name, date of birth, zone and units: no old copy stays.
                cache.invalidate(request.user.pk)
            messages.success(request, "Saved your profile.")
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=request.profile)
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_POST
def logout_everywhere(request):
    """End every session of this account, on every device, this one included."""
    Profile.objects.filter(pk=request.profile.pk).update(session_epoch=F("session_epoch") + 1)
    logout(request)
    messages.success(request, "You are logged out on every device.")
    return redirect("login")


@login_required
def delete_account(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=request.user, request=request)
        if form.is_valid():
            user = request.user
            logout(request)
            # Every diary row cascades from the user, in one transaction.
            with transaction.atomic():
                user.delete()
            messages.success(request, "Your account and all of your diary data are deleted.")
            return redirect("login")
    else:
        form = DeleteAccountForm(user=request.user)
    return render(request, "accounts/delete.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, with a form that throttles wrong old passwords like the login."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
