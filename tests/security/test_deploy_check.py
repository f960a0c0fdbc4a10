"""Production settings: `manage.py check --deploy` is clean, and the environment drives them.

Each test runs Django in a subprocess, so the settings module is imported
afresh with DEBUG off (the test process has long since imported its own).
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

# What the README asks a host serving over HTTPS to set.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "twitchdiary.settings",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SESSION_COOKIE_SECURE": "1",
    "CSRF_COOKIE_SECURE": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_PROXY_SSL_HEADER": "1",
}


def _run(args, *, unset=(), **env):
    # A production process: none of the test run's own switches (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which check --deploy rightly refuses).
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
        and not key.startswith(("SECURE_", "SESSION_", "CSRF_"))
    }
    environment.update(SECRET_KEY=secrets.token_urlsafe(64), **PRODUCTION_ENV)
    environment.update(env)
    for key in unset:
        environment.pop(key)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(*names, unset=(), **env):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    result = _run(["-c", code], unset=unset, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_finds_no_issues_in_production():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    print(f"\ncheck --deploy: {result.stdout.strip()} {result.stderr.strip()}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_would_notice_an_insecure_setting():
    """Control: the check above is not silenced; turn one setting off and it warns."""
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], SESSION_COOKIE_SECURE="0"
    )
    assert result.returncode != 0
    assert "security.W012" in result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _run(["manage.py", "check"], SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_come_from_the_environment():
    values = _settings(
        "DEBUG",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "X_FRAME_OPTIONS",
        SESSION_COOKIE_AGE="3600",
        SESSION_EXPIRE_AT_BROWSER_CLOSE="1",
    )
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_AGE": 3600,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "X_FRAME_OPTIONS": "DENY",
    }


def test_with_debug_off_https_is_the_default():
    """A host that sets only the essentials still gets secure cookies, HSTS and redirects."""
    values = _settings(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        unset=[key for key in PRODUCTION_ENV if key.startswith(("SECURE_", "SESSION_", "CSRF_"))],
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    }
