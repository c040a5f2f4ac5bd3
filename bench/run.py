"""
Benchmark the production server over a database of N articles.

    python bench/run.py --articles 100000 --corpus ../shared/corpus/bbc-news

Builds (once) a SQLite database of N generated articles under var/bench/, starts gunicorn
with production settings (DEBUG off, the page cache on, static files from whitenoise) on a
free loopback port, and drives each endpoint with wrk, one after another. Writes what it
measured to bench/results/<N>.json (or --output); `python bench/report.py` turns every
results file into the table and chart of bench/RESULTS.md.

Nothing here asserts a time. The run fails only if a request fails (a connection error, a
timeout or a status other than 200) or an endpoint completes no request at all, so that a
benchmark that rots is noticed.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
BENCH = PROJECT / "bench"
VAR = PROJECT / "var" / "bench"
PYTHON = sys.executable
WRK_SCRIPT = BENCH / "wrk.lua"

# (name, what is measured, how the URL is picked). BUSTED endpoints add a unique query
# parameter to every request, which the page cache keys on, so every request is rendered;
# the API and the admin are never page-cached.
ENDPOINTS = [
    ("static", "a static file (the ceiling)", "static"),
    ("front", "front page", "front"),
    ("section", "section page (largest section)", "section"),
    ("tag", "tag page (most used tag)", "tag"),
    ("article", "article page, cached", "article"),
    ("article_uncached", "article page, uncached (a different article each request)", "articles"),
    ("search", "search, uncached (a different query each request)", "search"),
    ("rss", "RSS feed of the site", "rss"),
    ("sitemap", "/sitemap.xml", "sitemap"),
    ("api_list", "API article list", "api_list"),
    ("api_detail", "API article detail", "api_detail"),
    ("api_ninjs", "API article detail as ninjs", "api_ninjs"),
    ("admin_list", "admin article list (signed in, one editor at a time)", "admin_list"),
]
BUSTED = {"article_uncached", "search"}
# Editors are few: the admin list is measured as one editor sees it, one request at a time.
SINGLE_CLIENT = {"admin_list"}
NOT_PAGE_CACHED = {"api_list", "api_detail", "api_ninjs", "admin_list"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="How many articles.")
    parser.add_argument("--corpus", help="Folder of plain-text articles to draw bodies from.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds per endpoint.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers.")
    parser.add_argument("--database", type=Path, help="SQLite file (built if missing).")
    parser.add_argument("--output", type=Path, help="Results file (JSON).")
    parser.add_argument("--only", nargs="*", help="Run only these endpoints.")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (Debian's package).")
    database = args.database or VAR / f"{args.articles}.sqlite3"
    output = args.output or BENCH / "results" / f"{args.articles}.json"
    env = production_environment(database)
    ensure_database(database, args.articles, args.corpus, env)
    urls = pick_urls(env)
    endpoints = [e for e in ENDPOINTS if not args.only or e[0] in args.only]

    port = free_port()
    workers = args.workers or (os.cpu_count() or 1) * 2 + 1
    server = start_server(env, port, workers)
    results = []
    try:
        for name, description, kind in endpoints:
            paths, busted = urls[kind], name in BUSTED
            headers = urls["admin_headers"] if name == "admin_list" else []
            status = request(port, paths[0], headers)
            if status != 200:
                sys.exit(f"{name}: GET {paths[0]} answered {status}, not 200.")
            # A short unrecorded run first: every worker warms its connection and cache.
            connections = 1 if name in SINGLE_CLIENT else args.connections
            run_wrk(port, paths, busted, headers, args, 1, connections)
            result = run_wrk(port, paths, busted, headers, args, args.duration, connections)
            cache = "n/a" if name in NOT_PAGE_CACHED else "miss" if busted else "hit"
            result.update(
                name=name,
                description=description,
                path=paths[0],
                page_cache=cache,
                connections=connections,
            )
            results.append(result)
            print(
                f"  {name:<17} {result['requests_per_second']:>9,.0f} req/s"
                f"  p50 {result['p50_ms']:7.2f} ms  p95 {result['p95_ms']:7.2f} ms"
                f"  p99 {result['p99_ms']:7.2f} ms  errors {result['errors']}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    report = {
        "articles": args.articles,
        "corpus": bool(args.corpus),
        "database": "SQLite " + sqlite3.sqlite_version,
        "database_bytes": database.stat().st_size,
        "server": f"gunicorn, {workers} workers × 4 threads (gthread), DEBUG off",
        "load": f"wrk, {args.threads} threads, {args.connections} connections, "
        f"{args.duration} s per endpoint, loopback",
        "machine": machine(),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "endpoints": results,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {output}")
    failed = [r["name"] for r in results if r["errors"] or not r["requests"]]
    if failed:
        sys.exit(
            f"Requests failed or none completed on: {', '.join(failed)} "
            "(see the errors column above; the server's log is on stderr)."
        )


def production_environment(database):
    """The server's environment: production settings on loopback, without TLS."""
    VAR.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{database.resolve()}",
        "DJANGO_STATIC_ROOT": str(VAR / "static"),
        "DJANGO_MEDIA_ROOT": str(VAR / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        # The anonymous API limit (120/minute per client) would answer 429 to a load
        # generator on one address; this measures the API, not its throttle.
        "NEWSROOM_API_THROTTLE_ANONYMOUS": "100000000/minute",
        "NEWSROOM_API_THROTTLE_TOKEN": "100000000/minute",
        "GUNICORN_ACCESS_LOG": os.devnull,
        "PYTHONUNBUFFERED": "1",
    }


def manage(env, *arguments, capture=False):
    command = [PYTHON, str(PROJECT / "manage.py"), *arguments]
    if capture:
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    subprocess.run(command, env=env, check=True)


def ensure_database(database, count, corpus, env):
    """Build the database of `count` articles unless it exists; bring its schema up to date."""
    if database.exists() and article_count(database) != count:
        print(f"{database} holds another number of articles; rebuilding it.")
        for leftover in database.parent.glob(database.name + "*"):
            leftover.unlink()
    fresh = not database.exists()
    manage(env, "migrate", "--noinput", "-v0")
    if fresh:
        print(f"Generating {count:,} articles into {database}")
        manage(
            env, "generate_articles", "--count", str(count), *(["--corpus", corpus] * bool(corpus))
        )
    manage(env, "collectstatic", "--noinput", "-v0")


def article_count(database):
    with sqlite3.connect(database) as connection:
        try:
            return connection.execute("SELECT count(*) FROM articles_article").fetchone()[0]
        except sqlite3.OperationalError:
            return None


PICK_URLS = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import Count
from django.urls import reverse
from articles import search
from articles.models import Article, Section, TaggedArticle
from taggit.models import Tag

published = Article.objects.published()
article = published.select_related("section").order_by("-published_at").first()
def most_used(rows, field):
    return rows.values(field).annotate(n=Count("pk")).order_by("-n")[0][field]

section = Section.objects.get(pk=most_used(Article.objects.all(), "section"))
tag = Tag.objects.get(pk=most_used(TaggedArticle.objects.all(), "tag"))
many = published.select_related("section").order_by("?")[:5000]
words = sorted({w.lower() for a in many[:400] for w in search.words(a.headline) if len(w) > 3})

User = get_user_model()
admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
session = SessionStore()
session["_auth_user_id"] = str(admin.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = admin.get_session_auth_hash()
session.create()

print(json.dumps({
    "static": [staticfiles_storage.url("articles/css/site.css")],
    "front": [reverse("articles:front_page")],
    "section": [section.get_absolute_url()],
    "tag": [reverse("articles:tag", args=[tag.slug])],
    "article": [article.get_absolute_url()],
    "articles": [a.get_absolute_url() for a in many],
    "search": [reverse("articles:search") + "?q=" + w for w in words],
    "rss": [reverse("articles:feed_rss")],
    "sitemap": [reverse("articles:sitemap")],
    "api_list": ["/api/v1/articles/"],
    "api_detail": [f"/api/v1/articles/{article.pk}/"],
    "api_ninjs": [f"/api/v1/articles/{article.pk}/?format=ninjs"],
    "admin_list": ["/admin/articles/article/"],
    "admin_headers": ["Cookie: sessionid=" + session.session_key],
}))
"""


def pick_urls(env):
    """The URLs to request, read from the database with Django itself."""
    output = manage(env, "shell", "--no-imports", "-c", PICK_URLS, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def start_server(env, port, workers):
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "-c",
            str(PROJECT / "newsroom" / "gunicorn.conf.py"),
            "newsroom.wsgi",
        ],
        cwd=PROJECT,
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_CMD_ARGS": "--log-level warning",
        },
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            if request(port, "/healthz/") == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz/ within 60 s")


def request(port, path, headers=()):
    """One GET over a plain socket; returns the status code."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        extra = "".join(f"{header}\r\n" for header in headers)
        connection.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n".encode()
        )
        status_line = connection.makefile("rb").readline().decode()
    return int(status_line.split()[1])


def run_wrk(port, paths, busted, headers, args, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".json") as path_file:
        json.dump(paths, path_file)
        path_file.flush()
        command = [
            "wrk",
            f"-t{min(args.threads, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(WRK_SCRIPT),
            *[part for header in headers for part in ("-H", header)],
            f"http://127.0.0.1:{port}",
        ]
        env = {**os.environ, "BENCH_PATHS": path_file.name, "BENCH_BUST": "1" if busted else ""}
        output = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    for line in output.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[len("BENCH ") :])
    sys.exit(f"wrk printed no result:\n{output.stdout}\n{output.stderr}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        memory_kb = 0
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
