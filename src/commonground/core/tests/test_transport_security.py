"""HTTPS, HSTS and Secure cookies follow one explicit switch, never the host names.

Runs the settings in fresh processes with a production-like environment, as a server
would start, so what is checked is what `commonground serve` would run with.
"""

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.engine

SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k, None) for k in ['HTTPS', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'SECURE_PROXY_SSL_HEADER']}))"
)


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    drop = {"DEBUG", "HTTPS", "DATABASE_URL", "ALLOWED_HOSTS", "SECRET_KEY", "HTTPS_PROXY_HEADER"}
    drop |= {"SAFETY_ENCRYPTION_KEY", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT"}
    drop |= {"DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the browser tests, refused by --deploy
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        DJANGO_SETTINGS_MODULE="commonground.settings",
        PYTHONPATH="src",
        COMMONGROUND_VAR_DIR=str(tmp_path),
        SECRET_KEY="k" * 20 + "-a-production-secret-of-more-than-fifty-characters-x9",
        ALLOWED_HOSTS="communities.example.org",
        # a deployment sets the incident reports' key from its secret store (docs/safety.md)
        SAFETY_ENCRYPTION_KEY="ZmFrZS1rZXktZm9yLWEtZGVwbG95LWNoZWNrLTMyYnk=",
        # and a real mailer (the default writes files under var/mail/: --deploy refuses it)
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.org",
    )
    env.update(extra)
    return env


def settings_in(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_settings_pass_check_deploy(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_https_is_on_by_default_without_debug_whatever_the_hosts(tmp_path):
    for hosts in ("communities.example.org", "127.0.0.1,localhost"):
        s = settings_in(production_env(tmp_path, ALLOWED_HOSTS=hosts))
        assert s["HTTPS"] and s["SECURE_SSL_REDIRECT"], hosts
        assert s["SECURE_HSTS_SECONDS"] >= 31_536_000
        assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"], hosts


def test_https_false_turns_all_of_it_off(tmp_path):
    s = settings_in(production_env(tmp_path, HTTPS="false"))
    assert not s["SECURE_SSL_REDIRECT"] and s["SECURE_HSTS_SECONDS"] == 0
    assert not s["SESSION_COOKIE_SECURE"] and not s["CSRF_COOKIE_SECURE"]


def test_a_tls_proxy_header_is_trusted_only_when_named(tmp_path):
    assert settings_in(production_env(tmp_path))["SECURE_PROXY_SSL_HEADER"] is None
    s = settings_in(production_env(tmp_path, HTTPS_PROXY_HEADER="X-Forwarded-Proto"))
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_demo_database_is_served_over_plain_http_until_deployed(tmp_path):
    """`commonground demo --no-serve` then `commonground serve`: the demo's mark beside the
    embedded database turns the redirect off; a deployment's DATABASE_URL ignores it."""
    (tmp_path / "demo-site").write_text("demo")
    demo = settings_in(production_env(tmp_path))
    assert not demo["HTTPS"] and not demo["SECURE_SSL_REDIRECT"]
    assert demo["SECURE_HSTS_SECONDS"] == 0
    deployed = settings_in(production_env(tmp_path, DATABASE_URL="postgres://db/cg"))
    assert deployed["HTTPS"] and deployed["SECURE_SSL_REDIRECT"]
    assert settings_in(production_env(tmp_path, HTTPS="true"))["HTTPS"]
