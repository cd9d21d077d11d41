"""The real queue worker (scripts/worker: newsletter_resume, then django-tasks-db's db_worker) in a subprocess,
against a real SMTP server: killed with SIGKILL in the middle of a send, a second worker finishes it; every
subscriber has exactly one message, none twice (counted by Message-ID and by recipient)."""

from tests.newsletter_worker import send_with_kill

SUBSCRIBERS = 200


def test_a_killed_worker_resumes_and_every_subscriber_gets_exactly_one_message():
    result = send_with_kill(subscribers=SUBSCRIBERS, report=lambda line: None, NEWSLETTER_SEND_PER_MINUTE="3000")
    assert 0 < result["killed_at"] < SUBSCRIBERS
    assert result["messages"] == SUBSCRIBERS
    assert result["distinct_message_ids"] == SUBSCRIBERS
    assert result["distinct_recipients"] == SUBSCRIBERS
    assert result["duplicates"] == 0
    assert result["delivery_states"] == {"sent": SUBSCRIBERS}
    sample = result["sample"].decode()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in sample
