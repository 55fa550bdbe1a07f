"""Production settings: they refuse to start without a SECRET_KEY, and follow
SITE_URL's scheme for HSTS and secure cookies. Each case imports the settings
in a fresh interpreter with its own environment."""

import os
import subprocess
import sys
import textwrap


def run_python(code, tmp_path, **env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("MASTHEAD_", "DJANGO_"))}
    for key in ("SECRET_KEY", "SITE_URL", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG"):
        clean.pop(key, None)
    clean.update({"MASTHEAD_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env})
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    )


def test_settings_refuse_to_load_without_secret_key_outside_the_demo(tmp_path):
    result = run_python("import masthead.settings", tmp_path)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    assert "MASTHEAD_DEMO=1" in result.stderr


def test_demo_generates_and_keeps_a_secret_key(tmp_path):
    code = "import masthead.settings as s; print(s.SECRET_KEY)"
    first = run_python(code, tmp_path, MASTHEAD_DEMO="1")
    second = run_python(code, tmp_path, MASTHEAD_DEMO="1")
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 50
    assert first.stdout == second.stdout


def test_https_site_sends_hsts_and_secure_cookies(tmp_path):
    code = """
        import django, os
        os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
        django.setup()
        from django.conf import settings
        from django.test import Client
        response = Client().get("/healthz", secure=True, HTTP_HOST="news.example.org")
        print(response.status_code)
        print(response.headers.get("Strict-Transport-Security"))
        print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.DEBUG)
    """
    result = run_python(code, tmp_path, SECRET_KEY="x" * 60, SITE_URL="https://news.example.org")
    assert result.returncode == 0, result.stderr
    status, hsts, cookies = result.stdout.strip().splitlines()
    assert status == "200"
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert cookies == "True True False"


def test_plain_http_site_sends_no_hsts(tmp_path):
    code = """
        import django, os
        os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
        django.setup()
        from django.test import Client
        print(Client().get("/healthz", HTTP_HOST="127.0.0.1").headers.get("Strict-Transport-Security"))
    """
    result = run_python(code, tmp_path, SECRET_KEY="x" * 60, SITE_URL="http://127.0.0.1:8000")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"
