"""The reader's address: forwarded headers are believed from trusted proxies only."""

import pytest
from django.test import RequestFactory

from masthead.core.client_ip import client_ip

PROXY = "10.0.0.5"


def request_from(remote_addr, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


@pytest.fixture
def behind_a_proxy(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.7"]


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = []

    assert client_ip(request_from("203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")) == "203.0.113.9"


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(behind_a_proxy):
    assert client_ip(request_from("203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_reader_is_the_address_it_forwarded_for(behind_a_proxy):
    assert client_ip(request_from(PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")) == "198.51.100.1"


def test_a_reader_cannot_choose_their_address_by_sending_the_header_themselves(behind_a_proxy):
    # nginx appends the address it saw to whatever the client sent.
    spoofed = request_from(PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 127.0.0.1, 198.51.100.1")

    assert client_ip(spoofed) == "198.51.100.1"


def test_every_trusted_hop_is_passed_over(behind_a_proxy):
    chain = request_from(PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1, 192.0.2.7, 10.0.0.9")

    assert client_ip(chain) == "198.51.100.1"


def test_rfc_7239_forwarded_with_ipv6_and_a_port(behind_a_proxy):
    request = request_from(PROXY, HTTP_FORWARDED='for="[2001:db8:cafe::17]:4711";proto=https')

    assert client_ip(request) == "2001:db8:cafe::17"


@pytest.mark.parametrize("garbage", ["", "not an address", "unknown", "999.1.1.1", ",,,", "for=_hidden"])
def test_a_malformed_header_from_the_proxy_leaves_the_proxy_address(behind_a_proxy, garbage):
    assert client_ip(request_from(PROXY, HTTP_X_FORWARDED_FOR=garbage)) == PROXY


def test_an_ipv4_mapped_proxy_address_is_matched_as_ipv4(behind_a_proxy):
    assert client_ip(request_from("::ffff:10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1")) == "198.51.100.1"


def test_a_connection_without_an_address_gives_an_empty_string(behind_a_proxy):
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)

    assert client_ip(request) == ""


def test_a_misconfigured_trusted_proxy_setting_says_which_entry(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.internal"]

    with pytest.raises(ValueError, match="proxy.internal"):
        client_ip(request_from(PROXY))


def test_the_site_refuses_to_start_with_a_trusted_proxy_that_is_not_an_address(settings):
    from masthead.core.checks import trusted_proxies_are_addresses

    settings.MASTHEAD_TRUSTED_PROXIES = ["proxy.internal"]

    assert [error.id for error in trusted_proxies_are_addresses(None)] == ["masthead.E001"]
