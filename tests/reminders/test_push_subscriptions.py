"""The JSON endpoints that save and forget this browser's push subscription."""

import json

import pytest
from django.test import Client

from reminders.models import PushSubscription

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/reminders/push/subscribe/"
UNSUBSCRIBE = "/reminders/push/unsubscribe/"
ENDPOINT = "https://push.example.net/send/abc123"


@pytest.fixture(autouse=True)
def vapid(settings):
    settings.VAPID_PUBLIC_KEY = "BExamplePublicKey"
    settings.VAPID_PRIVATE_KEY = "ExamplePrivateKey"


def subscription(endpoint=ENDPOINT, p256dh="BKey-_1", auth="secret_1"):
    return {"endpoint": endpoint, "expirationTime": None, "keys": {"p256dh": p256dh, "auth": auth}}


def post_json(client, url, data, **extra):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **extra)


def rows():
    fields = ("user__username", "endpoint", "p256dh", "auth")
    return list(PushSubscription.objects.values_list(*fields))


def test_it_saves_the_subscription_for_the_logged_in_person(owner_client, user):
    response = post_json(owner_client, SUBSCRIBE, subscription())

    assert response.status_code == 201
    assert rows() == [("owner", ENDPOINT, "BKey-_1", "secret_1")]


def test_saving_again_updates_the_keys_without_a_second_row(owner_client, user):
    post_json(owner_client, SUBSCRIBE, subscription())
    response = post_json(owner_client, SUBSCRIBE, subscription(p256dh="BKey2", auth="secret2"))

    assert response.status_code == 200
    assert rows() == [("owner", ENDPOINT, "BKey2", "secret2")]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        json.dumps({"endpoint": ENDPOINT}),
        json.dumps(subscription(endpoint="http://push.example.net/plain-http")),
        json.dumps(subscription(endpoint="javascript:alert(1)")),
        json.dumps(subscription(p256dh="not base64!")),
        json.dumps(subscription(auth="")),
        json.dumps(subscription(auth=["a list"])),
    ],
)
def test_it_refuses_what_is_not_a_subscription(owner_client, body):
    response = post_json(owner_client, SUBSCRIBE, body)

    assert response.status_code == 400
    assert rows() == []


def test_it_needs_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = post_json(client, SUBSCRIBE, subscription())

    assert response.status_code == 403
    assert rows() == []


def test_it_accepts_the_csrf_token_in_the_header(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/accounts/profile/")  # sets the CSRF cookie

    response = post_json(
        client, SUBSCRIBE, subscription(), HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value
    )

    assert response.status_code == 201
    assert len(rows()) == 1


def test_it_needs_a_logged_in_person(client):
    response = post_json(client, SUBSCRIBE, subscription())

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert rows() == []


def test_it_only_takes_posts(owner_client):
    assert owner_client.get(SUBSCRIBE).status_code == 405


def test_another_accounts_subscription_is_never_taken_over(owner_client, stranger_client):
    post_json(owner_client, SUBSCRIBE, subscription())

    response = post_json(stranger_client, SUBSCRIBE, subscription(p256dh="BMine", auth="mine"))

    assert response.status_code == 409
    assert rows() == [("owner", ENDPOINT, "BKey-_1", "secret_1")]


def test_a_stranger_cannot_delete_another_accounts_subscription(owner_client, stranger_client):
    post_json(owner_client, SUBSCRIBE, subscription())

    response = post_json(stranger_client, UNSUBSCRIBE, {"endpoint": ENDPOINT})

    assert response.status_code == 404
    assert rows() == [("owner", ENDPOINT, "BKey-_1", "secret_1")]


def test_the_owner_deletes_their_subscription(owner_client):
    post_json(owner_client, SUBSCRIBE, subscription())

    response = post_json(owner_client, UNSUBSCRIBE, {"endpoint": ENDPOINT})

    assert response.status_code == 200
    assert rows() == []


def test_unsubscribe_refuses_bad_json(owner_client):
    post_json(owner_client, SUBSCRIBE, subscription())

    for body in ["{", json.dumps({"endpoint": 7}), json.dumps(["x"])]:
        assert post_json(owner_client, UNSUBSCRIBE, body).status_code == 400
    assert len(rows()) == 1


def test_without_vapid_keys_nothing_is_saved(settings, owner_client):
    settings.VAPID_PUBLIC_KEY = ""

    response = post_json(owner_client, SUBSCRIBE, subscription())

    assert response.status_code == 404
    assert rows() == []


def test_logging_out_stops_the_reminders_of_this_browser_only(owner_client, user):
    """A lent phone shows no more reminders after its user logs out; their other phone does."""
    other_phone = Client()
    other_phone.force_login(user)
    post_json(other_phone, SUBSCRIBE, subscription(endpoint=ENDPOINT + "-other"))
    post_json(owner_client, SUBSCRIBE, subscription())

    owner_client.post("/accounts/logout/")

    assert rows() == [("owner", ENDPOINT + "-other", "BKey-_1", "secret_1")]


def test_logging_out_forgets_only_what_this_log_in_subscribed(owner_client, user, stranger):
    PushSubscription.objects.create(
        user=stranger, endpoint=ENDPOINT + "-stranger", p256dh="BKey", auth="s"
    )
    post_json(owner_client, SUBSCRIBE, subscription())

    owner_client.post("/accounts/logout/")

    assert rows() == [("stranger", ENDPOINT + "-stranger", "BKey", "s")]
