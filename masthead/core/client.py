"""The reader's address, which rate limits, reports, bans and the IP kept on a comment use.

By default it is the socket's address (REMOTE_ADDR): a header a reader can write is never
believed. Behind nginx, a load balancer or a CDN, every request comes from the proxy, so
the proxies are listed in TRUSTED_PROXIES (addresses or CIDR networks). When the socket
address is one of them, `X-Forwarded-For` is read from the right, skipping every trusted
proxy, and the first address that is not one of ours is the reader: what a reader wrote at
the left of the header themselves is never reached unless every hop after it is trusted.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=4)
def _networks(listed: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in listed)


def trusted_networks() -> tuple:
    return _networks(tuple(getattr(settings, "MASTHEAD_TRUSTED_PROXIES", ())))


def parse_address(text: str) -> Address | None:
    """An address as proxies write it ("203.0.113.7", "203.0.113.7:5123", "[2001:db8::1]:443",
    "::ffff:203.0.113.7"), or None."""
    text = (text or "").strip().strip('"')
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]  # IPv4 with a port
    try:
        address = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request) -> str | None:
    """The reader's address as a canonical string, or None when the server gave none."""
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    networks = trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = parse_address(hop)
        if address is None:
            break  # garbage in the header: believe no further to the left
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def network_block(address: str | None) -> str | None:
    """The block one subscriber is likely to hold, as CIDR text: the /24 of an IPv4 address,
    the /64 of an IPv6 one (what one home or phone is routed). Anything keyed "per reader"
    that must be costly to multiply (reports, flood limits) is keyed by this: a single IPv6
    subscriber has 2^64 addresses for free."""
    parsed = parse_address(address or "")
    if parsed is None:
        return None
    prefix = 24 if parsed.version == 4 else 64
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))
