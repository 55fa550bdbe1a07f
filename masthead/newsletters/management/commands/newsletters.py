import mailbox
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import track

from masthead.newsletters.actions import do_suppress, do_unsubscribe
from masthead.newsletters.bounces import findings_in
from masthead.newsletters.models import Subscriber
from masthead.newsletters.sending import send_due
from masthead.newsletters.tokens import key_from_token


class Command(BaseCommand):
    help = "Newsletters: send due issues (for cron), or read SMTP bounces and complaints."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser("send-due", help="Send every issue that is due; resume interrupted ones. Idempotent.")
        bounces = subcommands.add_parser(
            "bounces",
            help="Suppress addresses from bounce reports, complaints and unsubscribe mails "
            "(files of raw messages, mbox files or Maildir folders; '-' reads one message from stdin).",
        )
        bounces.add_argument("paths", nargs="+")

    def handle(self, *args, subcommand, **options):
        if subcommand == "send-due":
            self._send_due()
        else:
            self._bounces(options["paths"])

    def _send_due(self):
        results = send_due()
        if not results:
            self.stdout.write("Nothing due.")
        for result in results:
            state = "finished" if result.finished else "paused"
            self.stdout.write(
                f"Issue {result.issue_id}: {state}; sent {result.sent}, uncertain {result.uncertain}, "
                f"refused {result.failed}."
            )

    def _bounces(self, paths):
        messages = []
        for path in paths:
            messages.extend(self._read(path))
        counts = {"bounce": 0, "complaint": 0, "unsubscribe": 0}
        console = Console(file=self.stdout, force_terminal=False)
        for raw in track(messages, description="Reading reports", console=console, disable=len(messages) < 50):
            for finding in findings_in(raw):
                if finding.kind == "unsubscribe":
                    key = key_from_token(finding.value)
                    subscriber = Subscriber.objects.filter(key=key).first() if key else None
                    if subscriber is not None:
                        do_unsubscribe(subscriber)
                        counts["unsubscribe"] += 1
                else:
                    do_suppress(finding.value, finding.kind, finding.detail)
                    counts[finding.kind] += 1
        self.stdout.write(
            f"Read {len(messages)} messages: {counts['bounce']} bounces, {counts['complaint']} complaints, "
            f"{counts['unsubscribe']} unsubscribes."
        )

    def _read(self, path):
        if path == "-":
            return [sys.stdin.buffer.read()]
        location = Path(path)
        if location.is_dir():
            return [message.as_bytes() for message in mailbox.Maildir(location, create=False)]
        if not location.exists():
            raise CommandError(f"No such file or folder: {path}")
        raw = location.read_bytes()
        if raw.startswith(b"From "):
            return [message.as_bytes() for message in mailbox.mbox(location, create=False)]
        return [raw]
