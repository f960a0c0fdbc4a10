import zoneinfo

from django.utils import timezone


class UserTimezoneMiddleware:
    """Activate the signed-in user's time zone, so forms and templates use local time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            from .models import Profile

            profile, _ = Profile.objects.get_or_create(user=user)
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
