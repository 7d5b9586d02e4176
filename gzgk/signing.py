"""Fingerprints and keyed signatures that make return workbooks tamper-evident.

A fingerprint (SHA-256, shortened) of each task's text lets the validator see
that a return's task text was edited. Anyone who knows the scheme could also
rewrite the fingerprints, so the office may keep a secret key: an HMAC-SHA256
over the return's metadata then proves that the metadata (unit, tasks,
fingerprints) is what the office generated. No PKI, all offline.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from pathlib import Path

from attrs import field, frozen

from gzgk.errors import GzgkError
from gzgk.files import os_reason, write_atomic

__all__ = [
    "KEY_PREFIX",
    "Key",
    "KeyFileError",
    "canonical",
    "fingerprint",
]

KEY_PREFIX = "gzgk-key-1:"
_KEY_BYTES = 32
_KEY_LINE = re.compile(re.escape(KEY_PREFIX) + r"([0-9a-f]{64})")
_FINGERPRINT_HEX = 16


class KeyFileError(GzgkError, ValueError):
    """A key file cannot be read or is not a gzgk key."""

    code = "bad-key-file"


def canonical(value: object) -> bytes:
    """The canonical bytes of JSON-like data: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def fingerprint(*parts: str) -> str:
    """A short SHA-256 fingerprint of texts (line endings and outer spaces ignored)."""
    digest = hashlib.sha256(canonical([_clean(part) for part in parts])).hexdigest()
    return digest[:_FINGERPRINT_HEX]


@frozen
class Key:
    """A secret signing key of the office (32 random bytes)."""

    secret: bytes = field(repr=False)

    @classmethod
    def generate(cls) -> Key:
        """A new random key."""
        return cls(secrets.token_bytes(_KEY_BYTES))

    @property
    def id(self) -> str:
        """A public label of the key (not secret): which key signed a return."""
        return hashlib.sha256(b"gzgk-key-id:" + self.secret).hexdigest()[:8]

    def sign(self, payload: bytes) -> str:
        """The HMAC-SHA256 of a payload, in hex."""
        return hmac.new(self.secret, payload, hashlib.sha256).hexdigest()

    def verify(self, payload: bytes, signature: str) -> bool:
        """Whether a signature is this key's signature of the payload (constant time)."""
        return hmac.compare_digest(self.sign(payload), signature.strip().lower())

    def to_text(self) -> str:
        """The key file's content."""
        return (
            "# gzgk 报送表签名密钥：请妥善保管，不要随报送表分发，也不要发给填报单位。\n"
            f"# 密钥标识：{self.id}\n"
            f"{KEY_PREFIX}{self.secret.hex()}\n"
        )

    def save(self, path: str | Path) -> Path:
        """Write the key file (readable by its owner only), atomically; the path written."""
        return write_atomic(path, self.to_text(), private=True)

    @classmethod
    def load(cls, path: str | Path) -> Key:
        """Read a key file written by ``gzgk keygen``.

        Raises:
            KeyFileError: the file cannot be read or holds no gzgk key.
        """
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = os_reason(error) if isinstance(error, OSError) else "文字编码应为 UTF-8"
            raise KeyFileError(f"无法读取密钥文件“{path}”：{reason}") from error
        match = _KEY_LINE.search(text)
        if match is None:
            raise KeyFileError(f"“{path}”不是 gzgk 密钥文件（应由 gzgk keygen 生成）")
        return cls(bytes.fromhex(match[1]))
