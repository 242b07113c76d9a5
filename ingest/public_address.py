"""Which IP addresses count as public: globally routable, IPv4 hidden inside IPv6 unwrapped.

Python's `is_global` differs between versions and calls `::127.0.0.1`, NAT64 and 6to4
addresses global although they lead to loopback or link-local hosts. This module decides
from its own tables (IANA's special-purpose registries), the same on every Python.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address

IPAddress = IPv4Address | IPv6Address

_IPV4_NOT_GLOBAL = tuple(IPv4Network(n) for n in (
    "0.0.0.0/8",  # "this network"
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",  # private
    "100.64.0.0/10",  # carrier-grade NAT
    "127.0.0.0/8",  # loopback
    "169.254.0.0/16",  # link-local, cloud metadata services
    "192.0.0.0/24",  # IETF protocol assignments
    "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",  # documentation
    "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
    "198.18.0.0/15",  # benchmarking
    "224.0.0.0/4",  # multicast
    "240.0.0.0/4",  # reserved, and 255.255.255.255 broadcast
))

_GLOBAL_UNICAST = IPv6Network("2000::/3")
_IPV6_NOT_GLOBAL = tuple(IPv6Network(n) for n in (
    "2001::/23",  # IETF protocol assignments (Teredo, 2001::/32, is unwrapped before this)
    "2001:db8::/32", "3fff::/20",  # documentation
    "5f00::/16",  # segment routing
))
_MAPPED = IPv6Network("::ffff:0:0/96")
_NAT64 = IPv6Network("64:ff9b::/96")
_SIXTOFOUR = IPv6Network("2002::/16")
_TEREDO = IPv6Network("2001::/32")


def embedded_ipv4(ip: IPv6Address) -> tuple[IPv4Address, ...]:
    """The IPv4 hosts an IPv6 address reaches: IPv4-mapped, NAT64, 6to4, Teredo (server and client)."""
    if ip in _MAPPED or ip in _NAT64:
        return (IPv4Address(int(ip) & 0xFFFFFFFF),)
    if ip in _SIXTOFOUR:
        return (IPv4Address((int(ip) >> 80) & 0xFFFFFFFF),)
    if ip in _TEREDO:
        server, client = ip.teredo  # type: ignore[misc]
        return (server, client)
    return ()


def is_public(ip: IPAddress | str) -> bool:
    """True when `ip` is a globally routable unicast address, and so is every IPv4 it embeds."""
    ip = ip_address(ip) if isinstance(ip, str) else ip
    if isinstance(ip, IPv4Address):
        return not any(ip in net for net in _IPV4_NOT_GLOBAL)
    if ip.scope_id:
        return False  # a zone index only makes sense on a local link
    inner = embedded_ipv4(ip)
    if inner:
        return all(is_public(v4) for v4 in inner)
    return ip in _GLOBAL_UNICAST and not any(ip in net for net in _IPV6_NOT_GLOBAL)
