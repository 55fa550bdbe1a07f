"""The reader's real address, behind the load balancers the operator trusts.

`REMOTE_ADDR` is the machine that opened the connection: behind nginx or a
cloud load balancer, that is the proxy, for every reader at once. A proxy says
who it forwarded for in `X-Forwarded-For` (or RFC 7239 `Forwarded`), but anyone
can send those headers, so they are believed only from the addresses and
networks in `MASTHEAD_TRUSTED_PROXIES` (the `TRUSTED_PROXIES` environment
variable). Walking the chain from the right, each hop that is itself a trusted
proxy is passed over; the first one that is not is the reader. Headers are
parsed by django-ipware; the trust rule is ours.

Every rate limit, the funnel and the logs key on `client_ip(request)`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from ipware import get_client_ip

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED")
_CACHE_KEY = "masthead.client_ip"
# A chain longer than this is not a real deployment; its left end is not believed.
MAX_TRUSTED_HOPS = 8


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"TRUSTED_PROXIES: {entry!r} is not an address or a network") from error
    return tuple(networks)


def trusted_networks():
    return _networks(tuple(settings.MASTHEAD_TRUSTED_PROXIES))


def _address(value):
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted_proxy(address, networks=None):
    networks = trusted_networks() if networks is None else networks
    return address is not None and any(address.version == net.version and address in net for net in networks)


def _hop(request, header, hops_from_right):
    """The address `hops_from_right` places left of the last entry of `header`, as ipware reads it."""
    address, _routable = get_client_ip(
        request, proxy_count=hops_from_right, request_header_order=[header], strict=False
    )
    return _address(address)


def _from_chain(request, header, networks):
    """The first address of the chain, from the right, that is not a trusted proxy."""
    client = None
    for hops in range(MAX_TRUSTED_HOPS):
        address = _hop(request, header, hops)
        if address is None:
            break
        client = address
        if not is_trusted_proxy(address, networks):
            return address
    return client


def client_ip(request):
    """The reader's address as a string (an empty string when the connection has none)."""
    cached = request.META.get(_CACHE_KEY)
    if cached is not None:
        return cached
    remote = _address(request.META.get("REMOTE_ADDR"))
    result = remote
    networks = trusted_networks()
    if networks and is_trusted_proxy(remote, networks):
        for header in FORWARDED_HEADERS:
            if request.META.get(header):
                result = _from_chain(request, header, networks) or remote
                break
    text = str(result) if result is not None else ""
    request.META[_CACHE_KEY] = text
    return text
