"""OCP AK/SK request signing, written from the spec text alone.

The rules are those of `components.securitySchemes.ocpAkSk.description` in the published bundle
(spec/published/en/ocp-backup.json); nothing here comes from the Rust client. Standard library
only, so any Python 3.11 project can copy this file. `signer.py` proves it: it reproduces every
`x-signature-examples` vector of the spec and signs live requests the simulator accepts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Sequence

PREFIX = "OCP-ACCESS-KEY-HMACSHA1"

# Java's URLEncoder leaves exactly these bytes as they are (plus the space, which becomes `+`).
_JAVA_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-*_")


def java_url_encode(text: str) -> str:
    """`java.net.URLEncoder.encode(text, "UTF-8")`: space → `+`, other bytes → `%XX` (upper case)."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in _JAVA_UNRESERVED:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def _utf16_key(text: str) -> bytes:
    """Sort key equal to Java's `String.compareTo` (UTF-16 code units)."""
    return text.encode("utf-16-be")


def _merge(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Repeated names become one, values joined with `,` in order of appearance; sorted by name."""
    merged: dict[str, list[str]] = {}
    for name, value in pairs:
        merged.setdefault(name, []).append(value)
    return sorted(((k, ",".join(v)) for k, v in merged.items()), key=lambda kv: _utf16_key(kv[0]))


def ocp_headers(headers: Sequence[tuple[str, str]]) -> str:
    """Part 6: lower-cased `x-ocp…` headers, empty unless one name starts with `x-ocp-`."""
    lowered = [(name.lower(), value.strip(" \t")) for name, value in headers]
    if not any(name.startswith("x-ocp-") for name, _ in lowered):
        return ""
    selected = [(n, v) for n, v in lowered if n.startswith("x-ocp")]
    return "\n".join(f"{n}:{v}" for n, v in _merge(selected))


def path_and_query(path: str, query: Sequence[tuple[str, str]]) -> str:
    """Part 7: the path, then `?` and the decoded, merged, sorted, URLEncoder-encoded query."""
    if not query:
        return path
    pairs = _merge(query)
    return path + "?" + "&".join(f"{java_url_encode(k)}={java_url_encode(v)}" for k, v in pairs)


def body_md5(body: bytes | None) -> str:
    """Part 2: 32 upper-case hex digits of the body's MD5, empty without a body."""
    return hashlib.md5(body).hexdigest().upper() if body else ""


def string_to_sign(
    *,
    method: str,
    host: str,
    path: str,
    date: str,
    query: Sequence[tuple[str, str]] = (),
    headers: Sequence[tuple[str, str]] = (),
    content_type: str | None = None,
    body: bytes | None = None,
) -> str:
    return "\n".join(
        [
            method.upper(),
            body_md5(body),
            content_type or "",
            date,
            host,
            ocp_headers(headers),
            path_and_query(path, query),
        ]
    )


def signature(secret: str, text: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def authorization(access_key_id: str, secret: str, text: str) -> str:
    return f"{PREFIX} {access_key_id}:{signature(secret, text)}"
