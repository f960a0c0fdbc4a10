from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import SESSION_EPOCH_KEY
from .models import Profile


@receiver(user_logged_in)
def remember_session_epoch(sender, request, user, **kwargs):
    """Tie the new session to the account's current epoch ("log out everywhere")."""
    if request is None or not hasattr(request, "session"):
        return
    profile, _ = Profile.objects.get_or_create(user=user)
    request.session[SESSION_EPOCH_KEY] = profile.session_epoch
