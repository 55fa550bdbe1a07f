"""Read the demo's outgoing mail from the folder Django's file email backend writes.

Each file holds the messages of one connection, separated by a line of 79
dashes. A message is named `<file name>:<position>`; names are checked against
the folder's own listing, so a crafted name cannot reach another file.
"""

import email
import email.policy
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SEPARATOR = b"\n" + b"-" * 79 + b"\n"
FILE_NAME = re.compile(r"^[\w.-]+\.log$")
MAX_FILES = 300


@dataclass(frozen=True)
class MailSummary:
    message_id: str
    subject: str
    sender: str
    recipients: str
    date: str


def mail_dir():
    return Path(getattr(settings, "EMAIL_FILE_PATH", None) or settings.MAIL_DIR)


def _files():
    folder = mail_dir()
    if not folder.is_dir():
        return []
    files = [path for path in folder.iterdir() if path.is_file() and FILE_NAME.match(path.name)]
    return sorted(files, key=lambda path: (path.stat().st_mtime, path.name), reverse=True)[:MAX_FILES]


def _messages_in(path):
    chunks = [chunk for chunk in path.read_bytes().split(SEPARATOR) if chunk.strip()]
    return [email.message_from_bytes(chunk.lstrip(b"\n"), policy=email.policy.default) for chunk in chunks]


def list_messages():
    summaries = []
    for path in _files():
        for position, message in reversed(list(enumerate(_messages_in(path)))):
            summaries.append(
                MailSummary(
                    message_id=f"{path.name}:{position}",
                    subject=str(message.get("Subject", "")),
                    sender=str(message.get("From", "")),
                    recipients=str(message.get("To", "")),
                    date=str(message.get("Date", "")),
                )
            )
    return summaries


def get_message(message_id):
    """The parsed message, or None for a name that is not in the folder."""
    file_name, _, position = message_id.rpartition(":")
    if not FILE_NAME.match(file_name) or not position.isdigit():
        return None
    path = next((path for path in _files() if path.name == file_name), None)
    if path is None:
        return None
    messages = _messages_in(path)
    index = int(position)
    return messages[index] if index < len(messages) else None


def body_of(message, subtype):
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_type() != f"text/{subtype}":
        return None
    return part.get_content()
