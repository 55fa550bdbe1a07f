"""Signed tokens in newsletter links: no login, no cookie, nothing to look up
but the subscriber's random key."""

from django.core import signing

CONFIRM_MAX_AGE = 7 * 24 * 3600


def _subscriber_signer():
    return signing.Signer(salt="masthead.newsletters.subscriber")


def subscriber_token(key, signer=None):
    """The token in preference and unsubscribe links; it does not expire, so an old email still works."""
    return (signer or _subscriber_signer()).sign(key)


def token_signer():
    """One signer reused for a whole send, so each reader costs one HMAC."""
    return _subscriber_signer()


def key_from_token(token):
    try:
        return _subscriber_signer().unsign(token)
    except signing.BadSignature:
        return None


def confirmation_token(key):
    return signing.TimestampSigner(salt="masthead.newsletters.confirm").sign(key)


def key_from_confirmation_token(token):
    try:
        return signing.TimestampSigner(salt="masthead.newsletters.confirm").unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
