"""System checks: settings that would make the site misbehave stop it at start instead."""

from django.core.checks import Error, register

from masthead.core.client_ip import trusted_networks


@register()
def trusted_proxies_are_addresses(app_configs, **kwargs):
    try:
        trusted_networks()
    except ValueError as error:
        return [Error(str(error), hint="List addresses or networks (10.0.0.0/8), comma-separated.", id="masthead.E001")]
    return []
