"""The personal-data registry: every module listed in settings.MASTHEAD_PERSONAL_DATA
offers `export(user) -> dict` and `erase(user)`. The account page's download and
deletion go through here, so an app that keeps personal data only adds its module."""

from importlib import import_module

from django.conf import settings


def personal_data_modules():
    return [(path, import_module(path)) for path in settings.MASTHEAD_PERSONAL_DATA]


def export_personal_data(user):
    return {path: module.export(user) for path, module in personal_data_modules()}


def erase_personal_data(user):
    for _path, module in personal_data_modules():
        module.erase(user)
