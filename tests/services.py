"""Real servers for the scale-out tests, started once per session on free ports of 127.0.0.1.

- `redis_server`: Debian's redis-server (the Makefile's system-deps installs it), no persistence, own folder.
  `redis_server.stop()` and `.start()` let a test take it away and bring it back on the same port.
- `small_redis`: a server of the test's own with a small `maxmemory` and `volatile-lru`, as docs/betrieb.md advises
  for production, so that a test can make it evict; `set_memory()` changes the limit and the policy of any server.
- `s3_server`: moto in server mode (moto[server] from requirements-dev.txt), a real S3 API over HTTP.

Where a binary is missing, the tests that need it are skipped with the reason, except under CI=true, where
they fail: a test that quietly skips in CI tests nothing.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.mail_server import free_port

REDIS_SERVER = os.environ.get("REDIS_SERVER", "/usr/bin/redis-server")
MOTO_SERVER = Path(sys.executable).with_name("moto_server")
START_TIMEOUT_SECONDS = 20


def missing(message: str):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"server not listening on {port} after {START_TIMEOUT_SECONDS} s")


def wait_for_health(status, process: subprocess.Popen, log: Path, seconds: float, what: str) -> None:
    """Until `status()` (the HTTP status of the site's health check) is 200; the test fails with the log's end if the
    process ends first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if status() == 200:
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{what} did not serve:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.3)


def stop_process(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisServer:
    def __init__(self, folder: Path, *, maxmemory: str = "0", policy: str = "noeviction"):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.maxmemory, self.policy = maxmemory, policy

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = self.folder / "redis.log"
        command = [
            REDIS_SERVER,
            *("--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.folder)),
            *("--save", "", "--appendonly", "no", "--logfile", str(log)),
            *("--maxmemory", self.maxmemory, "--maxmemory-policy", self.policy),
        ]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        wait_for_port(self.port, self.process, log)

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)

    def set_memory(self, maxmemory: str, policy: str) -> None:
        """`CONFIG SET maxmemory` and `maxmemory-policy` on the running server (kept over stop() and start())."""
        self.maxmemory, self.policy = maxmemory, policy
        self.client().config_set("maxmemory", maxmemory)
        self.client().config_set("maxmemory-policy", policy)

    def evicted_keys(self) -> int:
        return self.client().info("stats")["evicted_keys"]


def _redis_binary() -> None:
    if not os.path.exists(REDIS_SERVER):
        missing(f"{REDIS_SERVER} is missing: `make test-deps` installs Debian's redis-server")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    _redis_binary()
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


# Room for about a hundred cached pages: enough to work with, little enough that a test fills it in a second.
SMALL_MAXMEMORY = "4mb"


@pytest.fixture
def small_redis(tmp_path):
    """A Redis of this test's own with a small `maxmemory` and `volatile-lru` (docs/betrieb.md)."""
    _redis_binary()
    server = RedisServer(tmp_path / "redis", maxmemory=SMALL_MAXMEMORY, policy="volatile-lru")
    server.folder.mkdir()
    server.start()
    yield server
    server.stop()


class S3Server:
    def __init__(self, port: int, process: subprocess.Popen):
        self.port = port
        self.process = process

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name="eu-central-1",
            aws_access_key_id="test-key",
            aws_secret_access_key="test-secret",
        )

    def stop(self) -> None:
        stop_process(self.process)


def start_s3_server(folder: Path) -> S3Server:
    """moto in server mode on a free port; skipped (failed under CI) where moto_server is missing."""
    if not MOTO_SERVER.exists() or not shutil.which(str(MOTO_SERVER)):
        missing(f"{MOTO_SERVER} is missing: `make test-deps` installs moto[server] from requirements-dev.txt")
    log = folder / "moto.log"
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "AWS_DEFAULT_REGION": "eu-central-1"},
        )
    try:
        wait_for_port(port, process, log)
    except BaseException:
        stop_process(process)
        raise
    return S3Server(port, process)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    server = start_s3_server(tmp_path_factory.mktemp("s3"))
    yield server
    server.stop()


def caches_on(settings, server: RedisServer):
    """Every cache alias on `server`, as CACHE_URL sets them up, emptied; no retry pause."""
    from core.caching import redis_caches, reset_outage

    settings.CACHES = redis_caches(server.url, settings.CACHES, key_prefix="test", socket_timeout=0.5, retry_seconds=0)
    server.client().flushdb()
    reset_outage()


@pytest.fixture
def redis_cache(settings, redis_server):
    """Every cache alias on the session's Redis server, as CACHE_URL sets them up, emptied; no retry pause."""
    from core.caching import reset_outage

    caches_on(settings, redis_server)
    yield redis_server
    reset_outage()


@pytest.fixture
def small_redis_cache(settings, small_redis):
    """Every cache alias on a Redis of this test's own with a small `maxmemory` and `volatile-lru`."""
    from core.caching import reset_outage

    caches_on(settings, small_redis)
    yield small_redis
    reset_outage()


SETTINGS_SCRIPT = """
import json, sys
from django.conf import settings
try:
    print(json.dumps({name: getattr(settings, name) for name in sys.argv[1:]}, default=str))
except Exception as error:
    print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
"""


def settings_with_env(environ: dict, *names: str) -> dict:
    """The named settings as newsroom/settings.py computes them from `environ`, read in a fresh interpreter;
    {"error": "…"} when the settings refuse the environment."""
    import json

    base = {key: value for key, value in os.environ.items() if not key.startswith(("CACHE", "MEDIA", "AWS_"))}
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_SCRIPT, *names],
        env={**base, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "true", **environ},
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)
