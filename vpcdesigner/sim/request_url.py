"""Parse the URL a user types into the request simulator, with plain errors for anything unusable.

Rules: the scheme is http or https (none given = http, as curl does); the port is the explicit
one, else 443 for https and 80 for http; the path defaults to "/"; the host is a DNS name or an
IPv4 address (IPv6 is not simulated).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .addr import is_ip
from .dns import DnsInputError, normalise_name
from .request_types import RequestInputError, Url

SCHEME_PORTS = {"http": 80, "https": 443}


def parse_url(text: str) -> Url:
    """The URL's parts; RequestInputError names what is wrong."""
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise RequestInputError("empty URL: give one like https://www.example.com/")
    if "://" not in raw:
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        what = "the port must be a number in 1-65535" if "port" in str(exc).lower() else str(exc)
        raise RequestInputError(f"URL {text!r}: {what}") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEME_PORTS:
        raise RequestInputError(f"URL {text!r}: scheme {parts.scheme!r} is not simulated; use http or https")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise RequestInputError(f"URL {text!r} has no host name")
    if ":" in host:
        raise RequestInputError(f"URL {text!r}: IPv6 addresses are not simulated; use a name or an IPv4 address")
    if not is_ip(host):
        try:
            host = normalise_name(host)
        except DnsInputError as exc:
            raise RequestInputError(f"URL {text!r}: {exc}") from None
    if port == 0:
        raise RequestInputError(f"URL {text!r}: the port must be a number in 1-65535")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    default = SCHEME_PORTS[scheme]
    final = default if port is None else port
    shown = "" if final == default else f":{final}"
    return Url(f"{scheme}://{host}{shown}{path}", scheme, host, final, path, port is not None)
