import re

from django.core import mail

LINK = re.compile(r"https?://[^\s>]+")
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6,8})\s*$", re.MULTILINE)


def last_mail_to(address):
    for message in reversed(mail.outbox):
        if address in message.to:
            return message
    raise AssertionError(f"no mail to {address}; outbox: {[m.subject for m in mail.outbox]}")


def links_in(message):
    return LINK.findall(message.body)


def path_of(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def code_in(message):
    match = CODE.search(message.body)
    assert match, message.body
    return match.group(1)
