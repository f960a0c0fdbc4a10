"""Logging out of a browser stops the push reminders that browser subscribed to.

A shared or lent phone must not keep showing one person's reminders after they log out.
The subscribe view remembers, in the session, the endpoints saved with this log-in;
Django sends user_logged_out before it clears the session, so they can be deleted here.
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from .models import PushSubscription

SESSION_ENDPOINTS = "push_endpoints"


@receiver(user_logged_out, dispatch_uid="reminders.forget_push_at_logout")
def forget_push_at_logout(sender, request, user, **kwargs) -> None:
    if user is None or request is None or not hasattr(request, "session"):
        return
    endpoints = request.session.get(SESSION_ENDPOINTS, [])
    if endpoints:
        PushSubscription.objects.filter(user=user, endpoint__in=endpoints).delete()
