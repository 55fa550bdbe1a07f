"""The personal-data registry: every module listed in settings.MASTHEAD_PERSONAL_DATA
offers `export(user) -> dict` and `erase(user)`, and may offer `prepare_erasure(user)`:
what must happen elsewhere before the data goes (billing cancels the reader's
subscriptions with the payment provider). A preparation that cannot be done raises
`ErasureBlocked`, and then nothing is erased. The account page's download and
deletion go through here, so an app that keeps personal data only adds its module."""

from importlib import import_module

from django.conf import settings


def personal_data_modules():
    return [(path, import_module(path)) for path in settings.MASTHEAD_PERSONAL_DATA]


def export_personal_data(user):
    return {path: module.export(user) for path, module in personal_data_modules()}


class ErasureBlocked(Exception):
    """Something outside our database could not be done first; `message` says what, to the reader."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def prepare_erasure(user):
    """Every module's `prepare_erasure`, before anything is erased; raises ErasureBlocked.
    Done once per user object: the deletion view prepares before logging the reader out."""
    if getattr(user, "_erasure_prepared", False):
        return
    for _path, module in personal_data_modules():
        prepare = getattr(module, "prepare_erasure", None)
        if prepare is not None:
            prepare(user)
    user._erasure_prepared = True


def erase_personal_data(user):
    prepare_erasure(user)
    for _path, module in personal_data_modules():
        module.erase(user)
