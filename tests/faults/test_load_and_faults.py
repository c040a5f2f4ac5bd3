"""Under load and faults: no 5xx under concurrent readers and API callers, the site keeps
serving without Redis, shows a friendly 503 without PostgreSQL and recovers by itself, and
the webhook worker keeps delivering to healthy receivers while others hang or fail."""

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import (
    PROJECT,
    Gunicorn,
    TcpProxy,
    free_port,
    manage,
    production_env,
    require_service,
)

LOAD_SECONDS = float(os.environ.get("NEWSROOM_LOAD_SECONDS", "5"))
CLIENTS = int(os.environ.get("NEWSROOM_LOAD_CLIENTS", "64"))
REDIS_PORT, POSTGRES_PORT = 6379, 5432

pytestmark = pytest.mark.faults


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def site_paths(env):
    script = (
        "import json\n"
        "from articles.models import Article, Section\n"
        "from taggit.models import Tag\n"
        "public = Article.objects.published()\n"
        "print(json.dumps({\n"
        " 'articles': [a.get_absolute_url() for a in public.select_related('section')[:200]],\n"
        " 'ids': list(public.values_list('pk', flat=True)[:200]),\n"
        " 'sections': [s.get_absolute_url() for s in Section.objects.all()],\n"
        " 'tags': ['/tags/%s/' % t.slug for t in Tag.objects.all()[:50]],\n"
        "}))"
    )
    return json.loads(manage(env, "shell", "-c", script).stdout.strip().splitlines()[-1])


def editor_token(env):
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User\n"
        "u = User.objects.create_user('loadtest-editor', password='x', is_staff=True)\n"
        "u.groups.add(Group.objects.get(name='Editors'))",
    )
    output = manage(env, "create_api_token", "loadtest-editor").stdout
    return [line.strip() for line in output.splitlines() if line.strip()][1]


def test_concurrent_readers_and_api_callers_get_no_server_errors(site_env):
    env = {
        **site_env,
        "NEWSROOM_API_THROTTLE_ANONYMOUS": "1000000/minute",
        "NEWSROOM_API_THROTTLE_TOKEN": "1000000/minute",
    }
    manage(env, "generate_articles", "--count", "300", "-v0")
    paths = site_paths(env)
    token = editor_token(env)
    reader_paths = [
        "/",
        "/search/?q=government",
        "/feeds/rss/",
        "/sitemap.xml",
        *paths["articles"],
        *paths["sections"],
        *paths["tags"],
    ]
    api_paths = [
        "/api/v1/articles/",
        "/api/v1/articles/?page=2&page_size=50",
        "/api/v1/tags/",
        *(f"/api/v1/articles/{pk}/" for pk in paths["ids"][:50]),
        *(f"/api/v1/articles/{pk}/?format=ninjs" for pk in paths["ids"][:20]),
    ]
    statuses, failures = Counter(), []

    def client(server, number, deadline):
        rng = random.Random(number)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        written = 0
        while time.monotonic() < deadline:
            kind = rng.random()
            headers, body, method = {}, None, "GET"
            if kind < 0.75:
                path = rng.choice(reader_paths)
            elif kind < 0.95:
                path = rng.choice(api_paths)
            else:  # an integration filing drafts
                method, path = "POST", "/api/v1/articles/"
                written += 1
                body = json.dumps(
                    {
                        "headline": f"Load test draft {number}-{written}",
                        "section": "world",
                        "body": "<p>Filed under load.</p>",
                    }
                )
                headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                statuses[response.status] += 1
                if response.status >= 500:
                    failures.append(f"{method} {path}: {response.status}")
            except (OSError, http.client.HTTPException) as error:
                failures.append(f"{method} {path}: {type(error).__name__}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)

    with Gunicorn(env, workers=3) as server:
        started = time.monotonic()
        deadline = started + LOAD_SECONDS
        threads = [
            threading.Thread(target=client, args=(server, number, deadline))
            for number in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=LOAD_SECONDS + 60)
        elapsed = time.monotonic() - started

    total = sum(statuses.values())
    print(
        f"\n{CLIENTS} clients, {elapsed:.1f}s: {total} requests ({total / elapsed:.0f}/s), {dict(statuses)}"
    )
    assert not failures, failures[:10]
    assert statuses[200] > 0 and statuses[201] > 0
    assert set(statuses) <= {200, 201, 301, 302, 304, 404}


def test_site_keeps_serving_from_the_database_when_redis_stops(site_env):
    require_service(REDIS_PORT, "Redis")
    redis = TcpProxy(REDIS_PORT).start()
    env = {**site_env, "REDIS_URL": f"redis://127.0.0.1:{redis.port}/13"}
    try:
        with Gunicorn(env) as server:
            assert get(server.url + "/")[0] == 200
            assert get(server.url + "/readyz/")[0] == 200

            redis.stop()
            for path in ("/", "/world/", "/api/v1/articles/", "/search/?q=nato"):
                status, _ = get(server.url + path)
                assert status == 200, path
            status, body = get(server.url + "/readyz/")
            assert status == 503 and '"cache": "error' in body

            redis.start()
            assert get(server.url + "/readyz/")[0] == 200
    finally:
        redis.stop()


def test_readers_get_a_friendly_503_without_postgresql_and_the_site_recovers(tmp_path):
    require_service(POSTGRES_PORT, "PostgreSQL")
    database = f"newsroom_faults_{os.getpid()}"
    direct = production_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{POSTGRES_PORT}/postgres",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    postgres = TcpProxy(POSTGRES_PORT).start()
    try:
        env = {
            **direct,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres.port}/{database}",
        }
        for command in (
            ["migrate", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["load_seed", "-v0"],
        ):
            manage(env, *command)
        with Gunicorn(env) as server:
            assert get(server.url + "/")[0] == 200

            postgres.stop()
            status, page = get(server.url + "/")
            assert status == 503
            assert "Back in a moment" in page
            assert "Traceback" not in page and "OperationalError" not in page
            assert get(server.url + "/healthz/")[0] == 200  # alive: do not restart it
            assert get(server.url + "/readyz/")[0] == 503  # but send no traffic

            postgres.start()
            status, page = get(server.url + "/")
            assert status == 200 and "NATO" in page  # recovered by itself
    finally:
        postgres.stop()
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", database],
            check=False,
        )


class Receiver(BaseHTTPRequestHandler):
    behaviour = "ok"
    received = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        if self.behaviour == "hang":
            time.sleep(30)
            return
        if self.behaviour == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"boom")
            return
        type(self).received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def receiver(behaviour):
    handler = type(
        f"{behaviour.title()}Receiver", (Receiver,), {"behaviour": behaviour, "received": []}
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler


def test_webhook_worker_keeps_delivering_to_healthy_receivers(site_env):
    env = {
        **site_env,
        "NEWSROOM_WEBHOOK_TIMEOUT": "1",
        "NEWSROOM_WEBHOOK_RETRY_BASE_SECONDS": "1",
        "NEWSROOM_WEBHOOK_MAX_ATTEMPTS": "3",
    }
    healthy, healthy_handler = receiver("ok")
    hanging, _ = receiver("hang")
    failing, _ = receiver("error")
    refused = free_port()  # nothing listens there
    urls = {
        "healthy": f"http://127.0.0.1:{healthy.server_port}/hook",
        "hanging": f"http://127.0.0.1:{hanging.server_port}/hook",
        "failing": f"http://127.0.0.1:{failing.server_port}/hook",
        "refused": f"http://127.0.0.1:{refused}/hook",
    }
    setup = (
        "from articles.models import WebhookSubscription, Article\n"
        "from articles import publishing\n"
        "from django.db import transaction\n"
        f"for name, url in {urls!r}.items():\n"
        "    WebhookSubscription.objects.create(name=name, url=url, secret='s3cret', events=['article.published'])\n"
        "for number in range(3):\n"
        "    with transaction.atomic():\n"
        "        a = Article(headline=f'Webhook story {number}', section_id=1)\n"
        "        publishing.save_article(a, by=None)\n"
        "        publishing.publish(a, by=None)\n"
    )
    manage(env, "shell", "-c", setup)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(healthy_handler.received) < 3 and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker died"
            time.sleep(0.2)
        assert sorted(event["article"]["headline"] for event in healthy_handler.received) == [
            "Webhook story 0",
            "Webhook story 1",
            "Webhook story 2",
        ]
        time.sleep(3)  # let retries run against the broken receivers
        assert worker.poll() is None, "the worker died"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        for server in (healthy, hanging, failing):
            server.shutdown()

    report = manage(
        env,
        "shell",
        "-c",
        "from articles.models import WebhookDelivery as D\n"
        "for d in D.objects.select_related('subscription').order_by('pk'):\n"
        "    print(d.subscription.name, d.status, d.attempts, d.error[:40].replace(' ', '_'))",
    ).stdout.splitlines()
    by_receiver = Counter((line.split()[0], line.split()[1]) for line in report if line.strip())
    assert by_receiver[("healthy", "delivered")] == 3
    errors = " ".join(report)
    assert "ReadTimeout" in errors and "ConnectError" in errors and "HTTP_500" in errors
