"""How messages leave: a small backend seam, chosen by settings.

A refusal of one message (permanent or temporary) is recorded as `failed` and
not retried within the issue: a digest delivered hours late is worth little, and
retrying one address must not hold up everyone else's.

`SMTPTransport` hands pre-built bytes to an SMTP server over a few connections
(the fast path). `DjangoTransport` goes through Django's configured email
backend, one connection: the demo's mail files, the tests' outbox, and ESPs
through anymail. Each connection reports, per message, one of three outcomes:
accepted (returns), refused (`Refused`), or unknown (`Uncertain`: the line
dropped while the message was being handed over). `NotHandedOver` means the
message certainly did not leave (e.g. the server could not be reached).
"""

import smtplib
import ssl

from django.conf import settings
from django.core.mail import get_connection
from django.utils.module_loading import import_string


class Refused(Exception):
    """The server said no to this message; retrying will not help."""


class Uncertain(Exception):
    """The connection failed while the message was in the server's hands."""


class NotHandedOver(Exception):
    """The message certainly did not leave; it can be sent later."""


class Transport:
    connections = 1

    def open(self):
        raise NotImplementedError


class Connection:
    def send(self, template, recipient):
        """Hand over one message; `recipient` is (subscriber_id, email, key)."""
        raise NotImplementedError

    def close(self):
        pass


class SMTPTransport(Transport):
    def __init__(self, host, port, username="", password="", use_tls=False, use_ssl=False, timeout=30, connections=4):
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.use_tls, self.use_ssl = use_tls, use_ssl
        self.timeout = timeout
        self.connections = connections

    def open(self):
        try:
            if self.use_ssl:
                server = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.use_tls:
                    server.starttls(context=ssl.create_default_context())
            if self.username:
                server.login(self.username, self.password)
            server.ehlo_or_helo_if_needed()
        except (OSError, smtplib.SMTPException) as error:
            raise NotHandedOver(f"could not connect to {self.host}:{self.port}: {error}") from error
        return SMTPConnection(server)


class SMTPConnection(Connection):
    def __init__(self, server):
        self.server = server
        self.envelope_from = settings.NEWSLETTERS_BOUNCE_ADDRESS

    def send(self, template, recipient):
        subscriber_id, email, key = recipient
        message = template.message_bytes(email, subscriber_id, key)
        try:
            code, reply = self.server.mail(self.envelope_from)
            if code != 250:
                raise NotHandedOver(f"sender refused: {code} {reply!r}")
            code, reply = self.server.rcpt(email)
            if code not in (250, 251):
                self.server.rset()
                raise Refused(f"{code} {reply.decode(errors='replace')}")
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            raise NotHandedOver(str(error)) from error
        try:
            self.server.data(message)
        except smtplib.SMTPDataError as error:
            raise Refused(f"{error.smtp_code} {error.smtp_error!r}") from error
        except (OSError, smtplib.SMTPException) as error:
            raise Uncertain(str(error)) from error

    def close(self):
        try:
            self.server.quit()
        except (OSError, smtplib.SMTPException):
            self.server.close()


class DjangoTransport(Transport):
    connections = 1

    def open(self):
        connection = get_connection(fail_silently=False)
        connection.open()
        return DjangoConnection(connection)


class DjangoConnection(Connection):
    def __init__(self, connection):
        self.connection = connection

    def send(self, template, recipient):
        subscriber_id, email, key = recipient
        message = template.email_message(email, subscriber_id, key, connection=self.connection)
        try:
            sent = self.connection.send_messages([message])
        except Exception as error:
            raise Uncertain(str(error)[:250]) from error
        if not sent:
            raise Refused("the email backend did not accept the message")

    def close(self):
        self.connection.close()


def default_transport():
    """The transport named by NEWSLETTERS_TRANSPORT, or SMTP when Django itself sends by SMTP."""
    configured = settings.NEWSLETTERS_TRANSPORT
    if configured and configured not in {"smtp", "django"}:
        return import_string(configured)()
    use_smtp = configured == "smtp" or (
        not configured and settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    )
    if not use_smtp:
        return DjangoTransport()
    return SMTPTransport(
        host=settings.EMAIL_HOST,
        port=settings.EMAIL_PORT,
        username=settings.EMAIL_HOST_USER,
        password=settings.EMAIL_HOST_PASSWORD,
        use_tls=settings.EMAIL_USE_TLS,
        use_ssl=settings.EMAIL_USE_SSL,
        connections=settings.NEWSLETTERS_SMTP_CONNECTIONS,
    )
