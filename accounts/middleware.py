import zoneinfo

from django.contrib.auth import logout
from django.utils import timezone

# The profile's session_epoch when this session signed in (see accounts.signals).
SESSION_EPOCH_KEY = "_account_session_epoch"


class UserTimezoneMiddleware:
    """Activate the signed-in user's time zone, so forms and templates use local time.

    Also ends a session signed in before the user chose "log out everywhere".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            from .models import Profile

            profile, _ = Profile.objects.get_or_create(user=user)
            if request.session.get(SESSION_EPOCH_KEY, 0) != profile.session_epoch:
                logout(request)  # leaves an AnonymousUser on the request
                user = request.user
        if user.is_authenticated:
            profile.user = user  # already loaded: saves a query wherever profile.user is used
            request.profile = profile
            timezone.activate(profile.tzinfo)
        else:
            request.profile = None
            timezone.activate(zoneinfo.ZoneInfo("UTC"))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
