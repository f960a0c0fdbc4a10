"""/healthz answers load balancers: 200 while the database answers, 503 when it does not."""

from unittest import mock

from django.db import OperationalError
from django.test import Client


def test_it_answers_ok_in_plain_text_without_a_login(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_it_answers_503_when_the_database_does_not(db):
    failing = mock.Mock()
    failing.cursor.side_effect = OperationalError("could not connect to server")
    with mock.patch("twitchdiary.health.connection", failing):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content != b"ok"
    failing.cursor.assert_called_once()


def test_it_answers_503_when_the_query_fails(db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute") as execute:
        execute.side_effect = OperationalError("database is locked")
        response = Client().get("/healthz")
    assert response.status_code == 503


def test_it_answers_head_requests_and_refuses_posts(db):
    assert Client().head("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405
