"""The real queue worker against a real SMTP sink, in its own throwaway database: for the end-to-end test
(tests/newsletter/test_worker.py) and bench/newsletter.py.

The database is a new SQLite file, or a new database on the PostgreSQL server of DATABASE_URL (created and
dropped here), so that the worker processes see what the setup wrote; pytest's own test database is no use to
another process on SQLite (it lives in memory)."""

import email
import email.policy
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from aiosmtpd.controller import Controller

from tests.mail_server import free_port

BASE_DIR = Path(__file__).resolve().parent.parent


class Sink:
    """aiosmtpd handler: counts every accepted message by Message-ID and recipient."""

    def __init__(self):
        self.lock = threading.Lock()
        self.message_ids: Counter = Counter()
        self.recipients: Counter = Counter()
        self.count = 0
        self.sample = b""

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.compat32)
        with self.lock:
            self.count += 1
            self.message_ids[message["Message-ID"]] += 1
            for recipient in envelope.rcpt_tos:
                self.recipients[recipient] += 1
            self.sample = self.sample or envelope.content
        return "250 Message accepted"


class Throwaway:
    """A migrated database for subprocesses, and the environment that points manage.py at it."""

    def __init__(self, smtp_port: int, **extra_env: str):
        self.folder = Path(tempfile.mkdtemp(prefix="newsletter-worker-"))
        self.server_url = os.environ.get("DATABASE_URL", "")
        self.db_name = ""
        if self.server_url.startswith("postgres"):
            self.db_name = f"newsletter_worker_{secrets.token_hex(4)}"
            self._admin(f'CREATE DATABASE "{self.db_name}"')
            parts = urlsplit(self.server_url)
            url = urlunsplit(parts._replace(path=f"/{self.db_name}"))
        else:
            url = f"sqlite:///{self.folder / 'worker.sqlite3'}"
        self.env = {
            **os.environ,
            # As in production: DEBUG off (no query log), a key of its own.
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(self.folder / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "",
            "EMAIL_USE_SSL": "",
            "EMAIL_HOST_USER": "",
            "LOG_LEVEL": "ERROR",
            "PYTHON": sys.executable,
            **extra_env,
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.manage("migrate", "--noinput", "--verbosity", "0")

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(sql)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def shell(self, code: str) -> str:
        """The last line `code` prints, run by `manage.py shell` in the throwaway database."""
        return self.manage("shell", "--no-imports", "-c", code).strip().splitlines()[-1]

    def start_worker(self) -> subprocess.Popen:
        return subprocess.Popen(
            [str(BASE_DIR / "scripts" / "worker"), "--interval", "0.2", "--no-startup-delay", "--verbosity", "0"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def issue_state(self, issue_id: int) -> str:
        return self.shell(f"from newsletter.models import Issue; print(Issue.objects.get(pk={issue_id}).state)")

    def delivery_states(self, issue_id: int) -> dict[str, int]:
        output = self.shell(
            "import json; from collections import Counter; from newsletter.models import Delivery; "
            f"print(json.dumps(Counter(Delivery.objects.filter(issue_id={issue_id}).values_list('state', flat=True))))"
        )
        return json.loads(output)

    def close(self) -> None:
        if self.db_name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        subprocess.run(["rm", "-rf", str(self.folder)], check=False)


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def send_with_kill(
    *, subscribers: int, kill_at: float | None = 0.5, report=print, timeout: float = 900, **extra_env
) -> dict:
    """Seed `subscribers`, send with one worker, SIGKILL it after `kill_at` of the messages (None: never) and
    start another, wait for the end. Returns the sink's counts and timings."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    database = Throwaway(port, **extra_env)
    worker = None
    try:
        started = time.monotonic()
        issue_id = int(database.manage("seed_newsletter_load", str(subscribers)).strip().rsplit("=", 1)[-1])
        seeded = time.monotonic() - started
        report(f"{subscribers} subscribers seeded in {seeded:.1f} s")
        started = time.monotonic()
        worker = database.start_worker()
        killed_at = None
        if kill_at is not None:
            while sink.count < subscribers * kill_at:
                if worker.poll() is not None:
                    raise RuntimeError(f"worker ended: {worker.stderr.read().decode()}")
                if time.monotonic() - started > timeout:
                    raise TimeoutError(f"only {sink.count} messages after {timeout} s")
                time.sleep(0.01)
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            killed_at = sink.count
            report(f"worker killed (SIGKILL) after {killed_at} messages, {time.monotonic() - started:.1f} s")
            worker = database.start_worker()
        # Watching the sink costs nothing; the database is asked (a manage.py process) only once all arrived.
        while sink.count < subscribers or database.issue_state(issue_id) != "sent":
            if worker.poll() is not None:
                raise RuntimeError(f"worker ended: {worker.stderr.read().decode()}")
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"only {sink.count} messages after {timeout} s")
            time.sleep(0.05 if sink.count < subscribers else 1)
        elapsed = time.monotonic() - started
        stop(worker)
        worker = None
        return {
            "issue_id": issue_id,
            "seconds": elapsed,
            "killed_at": killed_at,
            "messages": sink.count,
            "distinct_message_ids": len(sink.message_ids),
            "distinct_recipients": len(sink.recipients),
            "duplicates": sum(count - 1 for count in sink.message_ids.values() if count > 1),
            "delivery_states": database.delivery_states(issue_id),
            "sample": sink.sample,
        }
    finally:
        if worker is not None:
            stop(worker, signal.SIGKILL)
        controller.stop()
        database.close()
