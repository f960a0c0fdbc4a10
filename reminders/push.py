"""Web Push: the reminder as a notification on the devices a person subscribed.

The message says only that today is not logged; it carries no diary data. A push
service that answers 404 or 410 has forgotten the subscription (the browser
unsubscribed or was reset), so the row is deleted and never tried again.
"""

import json

import pywebpush
from django.conf import settings
from django.urls import reverse

from .models import PushSubscription

# A push service keeps an undelivered message this long (a phone that is off);
# after that the reminder would be about a day that is over or nearly so.
TTL_SECONDS = 6 * 60 * 60
TIMEOUT_SECONDS = 10
GONE = {404, 410}


def payload() -> str:
    return json.dumps(
        {
            "title": "Twitch Diary",
            "body": "You have not checked in today.",
            "url": reverse("diary:dashboard"),
        }
    )


def send_to_devices(subscriptions: list[PushSubscription]) -> int:
    """Push to each subscription; how many took the message.

    Gone subscriptions are deleted. When none took it and at least one failed for
    another reason (the network, a push service error), that error is raised, so
    the reminder is retried like a failed e-mail.
    """
    delivered = 0
    error = None
    for subscription in subscriptions:
        try:
            pywebpush.webpush(
                subscription_info=subscription.info(),
                data=payload(),
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                # A new dict each time: pywebpush adds "aud" and "exp" to it.
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=TTL_SECONDS,
                timeout=TIMEOUT_SECONDS,
            )
        except pywebpush.WebPushException as exc:
            if getattr(exc.response, "status_code", None) in GONE:
                subscription.delete()
            else:
                error = exc
        except Exception as exc:  # the network, a bad key: retried as a failed send
            error = exc
        else:
            delivered += 1
    if not delivered and error is not None:
        raise error
    return delivered
