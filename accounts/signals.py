from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete
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


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def forget_login_records(sender, instance, **kwargs):
    """django-axes keeps a person's name, addresses and browsers for every log-in and failed
    attempt; once the account is gone those records go too (whoever deletes it)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = instance.get_username()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()
