"""Ed25519 signatures: each person signs their own decision, the system signs the manifest.

A public key is written as the base64 of its 32 raw bytes (what the staff roster holds); a
private key is a PKCS#8 PEM file readable by its owner only (mode 0600, as ssh insists). What is
signed is the canonical JSON of a record (sorted keys, no spaces, UTF-8), so the same record
always gives the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import SecretStr

from credit_dd.errors import SigningKeyError
from credit_dd.settings import SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV

SYSTEM = "system"  # the signer name of the system's own key


def canonical(record: Any) -> bytes:
    """The bytes a signature covers: JSON with sorted keys and no insignificant whitespace."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The base64 of the 32 raw bytes of the public key: one line for the roster."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def key_id(public_key: str) -> str:
    """A short stable name for a public key (the first 16 hex digits of its SHA-256)."""
    return hashlib.sha256(public_key.encode()).hexdigest()[:16]


def parse_public_key(text: str) -> Ed25519PublicKey:
    """Raises:
    SigningKeyError: not the base64 of 32 bytes."""
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise SigningKeyError(f"not an Ed25519 public key (base64 of 32 bytes): {exc}") from None


def private_key_from_pem(pem: bytes, where: str) -> Ed25519PrivateKey:
    """Raises:
    SigningKeyError: not an unencrypted PEM Ed25519 private key."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"{where}: not a readable private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{where}: not an Ed25519 private key")
    return key


def read_private_key_pem(path: Path) -> str:
    """The PEM text of a private key file, refused when anyone but its owner can read it.

    Raises:
        SigningKeyError: missing, readable by group or others, or not an Ed25519 key.
    """
    try:
        mode = path.stat().st_mode
        pem = path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"{path}: the private key cannot be read ({exc.strerror})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError(f"{path}: the private key is readable by others (mode {mode & 0o777:o}); chmod 600 it")
    private_key_from_pem(pem, str(path))
    return pem.decode()


def read_private_key(path: Path) -> Ed25519PrivateKey:
    """Raises:
    SigningKeyError: as :func:`read_private_key_pem`."""
    return private_key_from_pem(read_private_key_pem(path).encode(), str(path))


def system_signer(pem: SecretStr | None) -> Signer | None:
    """The system's signer from its key's PEM text (settings, environment or Secret block)."""
    if pem is None:
        return None
    return Signer(SYSTEM, private_key_from_pem(pem.get_secret_value().encode(), "the system signing key"))


def write_new_key(path: Path) -> Ed25519PrivateKey:
    """Create a key pair and write the private key to ``path`` with mode 0600; never overwrites.

    Raises:
        SigningKeyError: the file exists already.
    """
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(f"{path} exists already: a key is never overwritten (move it away first)") from None
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key


def sign(key: Ed25519PrivateKey, record: Any) -> str:
    """The base64 Ed25519 signature of the record's canonical bytes."""
    return base64.b64encode(key.sign(canonical(record))).decode()


def verifies(public_key: str, record: Any, signature: str) -> bool:
    """True when ``signature`` is the signature of ``record`` by the holder of ``public_key``."""
    try:
        parse_public_key(public_key).verify(base64.b64decode(signature, validate=True), canonical(record))
    except (SigningKeyError, InvalidSignature, binascii.Error, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Signer:
    """Who signs (an employee id, or ``system``) with which private key."""

    signer: str
    key: Ed25519PrivateKey

    @property
    def public_key(self) -> str:
        return public_key_text(self.key)

    def signature(self, record: Any) -> dict[str, str]:
        """The signature block stored beside the record."""
        return {
            "algorithm": "ed25519",
            "signer": self.signer,
            "key_id": key_id(self.public_key),
            "value": sign(self.key, record),
        }


def signing_key_from_env() -> SecretStr | None:
    """The system signing key from ``CREDIT_DD_SIGNING_KEY`` (PEM text) or ``CREDIT_DD_SIGNING_KEY_FILE``.

    Raises:
        SigningKeyError: the key given is not a usable Ed25519 private key.
    """
    if value := os.environ.get(SIGNING_KEY_ENV):
        private_key_from_pem(value.encode(), SIGNING_KEY_ENV)
        return SecretStr(value)
    if path := os.environ.get(SIGNING_KEY_FILE_ENV):
        return SecretStr(read_private_key_pem(Path(path)))
    return None
