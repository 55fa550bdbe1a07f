"""Reading bounces and complaints that come back by SMTP: delivery status
notifications (RFC 3464), feedback reports (RFC 5965, ARF) and mails to the
List-Unsubscribe mailto address. Pure parsing: returns what it found."""

import email
import email.policy
import re
from dataclasses import dataclass

from masthead.newsletters.models import SuppressionReason

_UNSUBSCRIBE = re.compile(r"unsubscribe\s+(\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    kind: str  # "bounce", "complaint" or "unsubscribe"
    value: str  # an email address, or the token for "unsubscribe"
    detail: str = ""


def _address(field_value):
    value = str(field_value or "").strip()
    if ";" in value:
        value = value.split(";", 1)[1]
    return value.strip().strip("<>").lower()


def _delivery_status_blocks(message):
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            payload = part.get_payload()
            blocks = payload if isinstance(payload, list) else [email.message_from_string(str(payload))]
            yield from blocks


def findings_in(raw_bytes):
    message = email.message_from_bytes(raw_bytes, policy=email.policy.compat32)
    content_type = message.get_content_type()
    report_type = (message.get_param("report-type") or "").lower()
    found = []
    if content_type == "multipart/report" and report_type == "delivery-status":
        for block in _delivery_status_blocks(message):
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip()
            recipient = _address(block.get("Final-Recipient") or block.get("Original-Recipient"))
            if recipient and action == "failed" and status.startswith("5"):
                found.append(
                    Finding(SuppressionReason.BOUNCE, recipient, f"{status} {block.get('Diagnostic-Code', '')}")
                )
    elif content_type == "multipart/report" and report_type == "feedback-report":
        for part in message.walk():
            if part.get_content_type() == "message/feedback-report":
                payload = part.get_payload()
                report = payload[0] if isinstance(payload, list) else email.message_from_string(str(payload))
                recipient = _address(report.get("Original-Rcpt-To"))
                if recipient:
                    found.append(Finding(SuppressionReason.COMPLAINT, recipient, str(report.get("Feedback-Type", ""))))
    else:
        match = _UNSUBSCRIBE.search(str(message.get("Subject", "")))
        if match:
            found.append(Finding("unsubscribe", match.group(1)))
    return found
