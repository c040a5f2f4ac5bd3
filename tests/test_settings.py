"""Production refuses to start half-configured; development needs no configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import newsroom.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_a_secret_key_names_the_variable():
    result = load_settings(DJANGO_ALLOWED_HOSTS="news.example.com")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_without_allowed_hosts_names_the_variable():
    result = load_settings(DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_production_starts_when_configured():
    result = load_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="news.example.com")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_development_needs_nothing_and_uses_sqlite():
    result = load_settings(DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert "True ['localhost', '127.0.0.1', '[::1]'] django.db.backends.sqlite3" in result.stdout


def test_database_url_selects_postgresql():
    result = load_settings(
        DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom"
    )

    assert result.stdout.split()[-1] == "django.db.backends.postgresql"


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_mistyped_debug_flag_is_an_error(value):
    result = load_settings(DJANGO_DEBUG=value)

    assert "DJANGO_DEBUG must be true or false" in result.stderr
