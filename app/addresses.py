"""The address tablets and phones reach the service at: never `localhost` when the hall's LAN
has one (a QR code to localhost opens nothing on a tablet).

`JIPIAO_PUBLIC_URL` names it outright (e.g. http://192.168.1.20:8000); otherwise a request
that came in on a loopback address is answered with this machine's LAN address.
"""

from __future__ import annotations

import fcntl
import ipaddress
import socket
import struct
from functools import cache

from starlette.requests import Request

SIOCGIFADDR = 0x8915  # Linux: an interface's IPv4 address


@cache
def lan_address() -> str | None:
    """This machine's first private IPv4 address (not loopback), if it has one."""
    found: list[ipaddress.IPv4Address] = []
    try:
        names = [name for _i, name in socket.if_nameindex()]
    except OSError:
        names = []
    for name in names:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                packed = fcntl.ioctl(s.fileno(), SIOCGIFADDR,
                                     struct.pack("256s", name.encode()[:15]))
            except OSError:
                continue
            found.append(ipaddress.IPv4Address(packed[20:24]))
    usable = [a for a in found if not a.is_loopback and not a.is_link_local]
    usable.sort(key=lambda a: not a.is_private)  # a LAN address first
    return str(usable[0]) if usable else None


def public_base(request: Request, configured: str | None) -> str:
    """The service's base address for links, QR codes and printed URLs."""
    if configured:
        return configured.rstrip("/")
    url = request.url
    host = url.hostname or ""
    loopback = host == "localhost" or host.startswith("127.") or host == "::1"
    lan = lan_address() if loopback else None
    if lan is not None:
        return f"{url.scheme}://{lan}" + (f":{url.port}" if url.port else "")
    return str(request.base_url).rstrip("/")


def record_url(request: Request, name: str, **params: object) -> str:
    """A route's address as printed on a 报告单 or put in its QR (on the public base)."""
    path = request.url_for(name, **params).path
    return public_base(request, request.app.state.settings.public_url) + path
