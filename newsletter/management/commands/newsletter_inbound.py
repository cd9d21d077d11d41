"""`manage.py newsletter_inbound < message`: one mail to NEWSLETTER_UNSUBSCRIBE_ADDRESS, piped in by the mail server
(docs/newsletter.md). The mailto: of List-Unsubscribe carries the signed token in the subject ("abmelden <token>");
a valid one unsubscribes that address from that list, anything else is ignored. Exit code 0 either way, so the mail
server never bounces a reader's unsubscribe mail back to them."""

import email
import email.policy
import re
import sys

from django.core.management.base import BaseCommand

from newsletter import services, tokens

TOKEN_IN_SUBJECT = re.compile(r"abmelden\s+(\S+)", re.IGNORECASE)
MAX_MESSAGE_BYTES = 1024 * 1024


class Command(BaseCommand):
    help = "Liest eine Abmelde-Mail (List-Unsubscribe per mailto:) von der Standardeingabe und meldet ab."

    def handle(self, *args, **options):
        raw = sys.stdin.buffer.read(MAX_MESSAGE_BYTES)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        match = TOKEN_IN_SUBJECT.search(" ".join(str(message.get("Subject", "")).split()))
        if match is None:
            self.stdout.write("Kein Abmelde-Schlüssel im Betreff; nichts geändert.")
            return
        try:
            claim = tokens.read_unsubscribe(match[1])
        except tokens.BadToken:
            self.stdout.write("Ungültiger Abmelde-Schlüssel; nichts geändert.")
            return
        if services.unsubscribe(subscriber_id=claim.subscriber_id, key=claim.key, list_id=claim.list_id):
            self.stdout.write("Abgemeldet.")
        else:
            self.stdout.write("War nicht (mehr) angemeldet; nichts geändert.")
