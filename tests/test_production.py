"""The production configuration: settings from the environment, health checks, Redis, replicas."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

PROJECT = Path(__file__).resolve().parent.parent
REDIS = "redis://127.0.0.1:6379/15"
POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def production_env(**extra):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_URL", "NEWSROOM_"))
    }
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "news.example.com,127.0.0.1",
        **extra,
    }


def run_python(code, **env):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def service_up(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def require(port, name):
    if not service_up(port):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required in CI and is not running on 127.0.0.1:{port}.")
        pytest.skip(f"{name} is not running on 127.0.0.1:{port}.")


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_cookies_and_headers_are_strict():
    result = run_python(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)"
    )

    assert result.stdout.split() == ["True", "True", "True", "Lax", "True", "True"], result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "django.core.cache.backends.locmem.LocMemCache"),
        ({"REDIS_URL": REDIS}, "newsroom.cache.ResilientRedisCache"),
    ],
)
def test_cache_backend_is_chosen_by_redis_url(env, expected):
    result = run_python(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", **env
    )

    assert result.stdout.strip() == expected, result.stderr


def test_media_storage_is_chosen_by_setting():
    result = run_python(
        "from django.conf import settings; print(settings.STORAGES['default']['BACKEND'])",
        NEWSROOM_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
    )

    assert result.stdout.strip() == "storages.backends.s3.S3Storage", result.stderr


def test_database_pool_is_configured_for_postgresql():
    result = run_python(
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['OPTIONS']['pool']['max_size'], d['CONN_MAX_AGE'])",
        DATABASE_URL=POSTGRES,
        DATABASE_POOL="true",
        DATABASE_POOL_MAX="12",
    )

    assert result.stdout.split() == ["12", "0"], result.stderr


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_database_and_cache(client):
    response = client.get("/readyz/")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database:default": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_cannot_store(client):
    dead_redis = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=dead_redis):
        caches._settings = None  # pick up the overridden setting
        response = client.get("/readyz/")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("error")


def test_redis_cache_round_trip_and_survival_of_an_outage():
    require(6379, "Redis")
    from newsroom.cache import ResilientRedisCache

    live = ResilientRedisCache(REDIS, {"KEY_PREFIX": "test"})
    live.set("greeting", "hello", 30)
    assert live.get("greeting") == "hello"

    dead = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.1}}
    )
    assert dead.get("greeting", "fallback") == "fallback"
    assert dead.get_or_set("computed", lambda: 42) == 42
    dead.set("anything", 1)  # does not raise
    assert dead.add("x", 1) is False


@pytest.mark.django_db
def test_pages_are_served_when_redis_is_down(client, article):
    dead_redis = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.1},
        }
    }
    with override_settings(CACHES=dead_redis):
        caches._settings = None
        for url in ["/", article.get_absolute_url(), "/api/v1/articles/"]:
            assert client.get(url).status_code == 200, url


def test_reads_go_to_the_replica_and_writes_to_the_primary():
    require(5432, "PostgreSQL")
    code = "\n".join(
        [
            "import django",
            "django.setup()",
            "from django.db import connections, router, transaction",
            "from articles.models import Section",
            "print(router.db_for_read(Section), router.db_for_write(Section))",
            "with transaction.atomic():",
            "    print(router.db_for_read(Section))",
            "print(sorted(connections.settings.keys()))",
            "cursor = connections[router.db_for_read(Section)].cursor()",
            "cursor.execute('SELECT 1')",
            "print(cursor.fetchone()[0] == 1)",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=production_env(DATABASE_URL=POSTGRES, DATABASE_REPLICA_URLS=f"{POSTGRES},{POSTGRES}"),
        capture_output=True,
        text=True,
        check=False,
    )

    lines = result.stdout.splitlines()
    assert lines[0].split()[0] in {"replica1", "replica2"}, result.stderr
    assert lines[0].split()[1] == "default"
    assert lines[1] == "default"  # inside a transaction: read your own writes
    assert lines[2] == "['default', 'replica1', 'replica2']"
    assert lines[3] == "True"  # the replica connection answers


def test_gunicorn_serves_the_site_with_production_settings(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database = tmp_path / "site.sqlite3"
    env = production_env(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SECURE_PROXY_SSL_HEADER="true",  # as behind a TLS-terminating proxy
        GUNICORN_WORKERS="2",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
    )
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        manage = [sys.executable, "manage.py", *command, "-v0"]
        subprocess.run(manage, cwd=PROJECT, env=env, check=True)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "newsroom/gunicorn.conf.py",
            "newsroom.wsgi",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while not service_up(port):
            assert time.monotonic() < deadline, "gunicorn did not start within 90 seconds"
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz/", timeout=10) as response:
            assert response.status == 200  # health checks are exempt from the HTTPS redirect
        front_page = urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(front_page, timeout=10) as response:
            assert response.status == 200
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Strict-Transport-Security"].startswith("max-age=")
            page = response.read().decode()
        stylesheet = re.search(r'href="(/static/articles/css/site\.[0-9a-f]+\.css)"', page).group(1)
        compressed = urllib.request.Request(
            f"http://127.0.0.1:{port}{stylesheet}",
            headers={"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"},
        )
        with urllib.request.urlopen(compressed, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip"  # fingerprinted and compressed
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(autouse=True)
def fresh_cache_handler():
    yield
    caches._settings = None
