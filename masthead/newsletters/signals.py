"""Bounces and complaints reported by an ESP's tracking webhook (anymail)."""

from anymail.signals import tracking

from masthead.newsletters.actions import do_suppress

SUPPRESSING_EVENTS = {"bounced": "bounce", "complained": "complaint"}


def on_tracking_event(sender, event, esp_name="", **kwargs):
    reason = SUPPRESSING_EVENTS.get(event.event_type)
    if event.event_type == "rejected" and (event.reject_reason or "") in {"bounced", "invalid"}:
        reason = "bounce"
    if reason and event.recipient:
        do_suppress(event.recipient, reason, f"{esp_name}: {event.description or event.reject_reason or ''}")


def connect():
    tracking.connect(on_tracking_event, dispatch_uid="masthead.newsletters.tracking")
