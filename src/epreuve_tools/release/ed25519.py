"""Refusing Ed25519 public keys that are not a point of large prime order (SIGNING.md §7).

A public key of small order (one of the eight points of the curve's torsion subgroup, or an encoding
of one) lets `(R = identity, S = 0)` verify as a signature of any message in libraries that do not
reject it, and `cryptography` accepts such keys. A key published in a root is checked once, here: it
must decode to a point of the curve (RFC 8032 §5.1.3), canonically, and [8]P must not be the identity.
Pure integer arithmetic on public data: no secret is involved, so constant time does not matter.
"""

from __future__ import annotations

from typing import Final

_P: Final = 2**255 - 19
_D: Final = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_MINUS_ONE: Final = pow(2, (_P - 1) // 4, _P)

_Point = tuple[int, int, int, int]  # extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z, xy = T/Z


def _decode(encoded: bytes) -> _Point | None:
    """RFC 8032 §5.1.3 point decoding; None when the bytes are not a canonical point of the curve."""
    if len(encoded) != 32:
        return None
    number = int.from_bytes(encoded, "little")
    sign = number >> 255
    y = number & ((1 << 255) - 1)
    if y >= _P:
        return None  # a non-canonical encoding: refused rather than reduced
    u = (y * y - 1) % _P
    v = (_D * y * y + 1) % _P
    x = u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P) % _P
    check = v * x * x % _P
    if check == (-u) % _P:
        x = x * _SQRT_MINUS_ONE % _P
    elif check != u:
        return None  # no square root: not on the curve
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = _P - x
    return (x, y, 1, x * y % _P)


def _double(point: _Point) -> _Point:
    x1, y1, z1, _ = point
    a = x1 * x1 % _P
    b = y1 * y1 % _P
    c = 2 * z1 * z1 % _P
    h = (a + b) % _P
    e = (h - (x1 + y1) * (x1 + y1)) % _P
    g = (a - b) % _P
    f = (c + g) % _P
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def is_strong_public_key(encoded: bytes) -> bool:
    """True for a canonical curve point whose order is not small (every honestly generated key)."""
    point = _decode(encoded)
    if point is None:
        return False
    for _ in range(3):  # the cofactor is 8: [8]P is the identity exactly for the torsion points
        point = _double(point)
    x, y, z, _ = point
    return not (x % _P == 0 and (y - z) % _P == 0)
