"""Newsletter send: 10,000 subscribers through the real queue worker (scripts/worker) into a local aiosmtpd sink.

Run 1 sends the issue with one worker. Run 2 kills the worker with SIGKILL at about half and starts a new one
(scripts/worker puts the interrupted send back on the queue): the sink must hold exactly one message per
subscriber, none twice (Message-IDs and recipients counted), none missing. Each run has its own throwaway SQLite
database (or a new database on the PostgreSQL server of DATABASE_URL). Default throttle
(NEWSLETTER_SEND_PER_MINUTE=3000) unless the environment says otherwise. `make bench`, or alone:
`DEBUG=true .venv/bin/python bench/newsletter.py [subscribers]`.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.newsletter_worker import send_with_kill

SUBSCRIBERS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
LIMIT_SECONDS = 600


def line(label: str, result: dict) -> None:
    rate = result["messages"] / result["seconds"]
    print(
        f"{label:<34} {result['seconds']:7.1f} s  {rate:6.1f} msg/s  messages {result['messages']}  "
        f"distinct Message-IDs {result['distinct_message_ids']}  recipients {result['distinct_recipients']}  "
        f"duplicates {result['duplicates']}  deliveries {result['delivery_states']}"
    )


def main() -> None:
    os.environ.setdefault("NEWSLETTER_SEND_PER_MINUTE", "3000")
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(
        f"{SUBSCRIBERS} subscribers, {database}, NEWSLETTER_SEND_PER_MINUTE={os.environ['NEWSLETTER_SEND_PER_MINUTE']}, "
        f"{os.cpu_count()} cores"
    )
    started = time.monotonic()
    whole = send_with_kill(subscribers=SUBSCRIBERS, kill_at=None, report=lambda text: print("  " + text))
    line("run 1: one worker", whole)
    killed = send_with_kill(subscribers=SUBSCRIBERS, kill_at=0.5, report=lambda text: print("  " + text))
    line(f"run 2: killed at {killed['killed_at']}, restarted", killed)
    exact = all(
        result["messages"] == result["distinct_message_ids"] == result["distinct_recipients"] == SUBSCRIBERS
        for result in (whole, killed)
    )
    print(f"exactly one message per subscriber in both runs: {'yes' if exact else 'NO'}")
    print(f"within {LIMIT_SECONDS} s: {'yes' if max(whole['seconds'], killed['seconds']) <= LIMIT_SECONDS else 'NO'}")
    print(f"total bench time {time.monotonic() - started:.0f} s")
    if not exact:
        sys.exit(1)


if __name__ == "__main__":
    main()
