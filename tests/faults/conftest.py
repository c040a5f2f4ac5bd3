"""Real servers and real faults, on loopback only: gunicorn, the tasks worker, and a TCP proxy
that can cut a server's connection to Redis or PostgreSQL and restore it.

Everything here is bounded in time and stops itself. NEWSROOM_LOAD_SECONDS sets how long the
load test runs (a few seconds in CI; `make faults` runs the full minute).
"""

import contextlib
import os
import secrets
import selectors
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, *, seconds=30, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {seconds} s")


def require_service(port, name):
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is required in CI and is not running on 127.0.0.1:{port}.")
    pytest.skip(f"{name} is not running on 127.0.0.1:{port}.")


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a service. stop() is the service going down (every
    connection cut, new ones refused); start() brings it back on the same port."""

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.listener = None
        self.pairs = []
        self.lock = threading.Lock()

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.listener.settimeout(0.2)
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self):
        self.running = False
        self.listener.close()
        with self.lock:
            for pair in self.pairs:
                for end in pair:
                    with contextlib.suppress(OSError):
                        end.shutdown(socket.SHUT_RDWR)
                    end.close()
            self.pairs.clear()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client, upstream):
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        try:
            while self.running:
                for key, _ in selector.select(timeout=0.2):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            for end in (client, upstream):
                end.close()


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
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        **extra,
    }


def manage(env, *arguments, **options):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **options,
    )


class Gunicorn:
    def __init__(self, env, *, workers=2):
        self.port = free_port()
        self.env = {
            **env,
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
        }
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "newsroom/gunicorn.conf.py", "newsroom.wsgi"],
            cwd=PROJECT,
            env={**self.env, "GUNICORN_ACCESS_LOG": "/dev/null"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def site_env(tmp_path):
    """A production-configured site on a fresh SQLite file, migrated, with static files."""
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
    )
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_seed", "-v0")
    return env
