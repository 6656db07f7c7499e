"""Encryption at rest for what people write in incident reports (AES-256-GCM).

A report's free text, typed place, map point and contact details are sealed before they
reach the database and opened only when a caseworker's page reads them, so a copy of the
database (a backup, a replica, a stolen disk) holds no readable account of anyone's
experience. The key comes from the environment, never the database:

* ``SAFETY_ENCRYPTION_KEY``: 32 random bytes, URL-safe base64 (``python -c "import secrets,
  base64; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"``). Set it in
  production and keep it in the secret store beside ``SECRET_KEY``.
* Without it (development, the demo), a key is generated once into
  ``var/safety-key`` (mode 0600), as the development ``SECRET_KEY`` is, and a system check
  warns when ``DEBUG`` is off.

Each value is sealed with a fresh 96-bit nonce and the field's name as associated data (a
ciphertext copied into another column does not open). Stored form: ``v1:`` + base64 of
nonce‖ciphertext‖tag. Rotating keys: add the new key as ``SAFETY_ENCRYPTION_KEY`` and the old
one to ``SAFETY_OLD_ENCRYPTION_KEYS`` (comma-separated); values open with any of them.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import checks
from django.db import models

PREFIX = "v1:"
NONCE_BYTES = 12
KEY_FILE_NAME = "safety-key"


class KeyProblem(RuntimeError):
    """The encryption key is missing or malformed; the message says how to set it."""


def _decode(text: str, name: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (binascii.Error, ValueError):
        raise KeyProblem(f"{name} is not URL-safe base64") from None
    if len(key) != 32:
        raise KeyProblem(f"{name} must be 32 bytes (256 bits), base64-encoded; it is {len(key)}")
    return key


def _development_key() -> bytes:
    folder = Path(getattr(settings, "VAR_DIR", "var"))
    path = folder / KEY_FILE_NAME
    if path.exists():
        return _decode(path.read_text(), str(path))
    folder.mkdir(parents=True, exist_ok=True)
    text = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    return _decode(text, str(path))


@cache
def keys() -> tuple[bytes, ...]:
    """The current key first, then old ones (for reading only)."""
    current = os.environ.get("SAFETY_ENCRYPTION_KEY", "").strip()
    first = _decode(current, "SAFETY_ENCRYPTION_KEY") if current else _development_key()
    old = [
        _decode(item, "SAFETY_OLD_ENCRYPTION_KEYS")
        for item in os.environ.get("SAFETY_OLD_ENCRYPTION_KEYS", "").split(",")
        if item.strip()
    ]
    return (first, *old)


def seal(text: str, *, context: str) -> str:
    """``text`` encrypted with the current key, bound to ``context`` (the field's name)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(keys()[0]).encrypt(nonce, text.encode("utf-8"), context.encode())
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def open_sealed(value: str, *, context: str) -> str:
    """The text sealed in ``value``; raises :class:`ValueError` if no key opens it."""
    if not value.startswith(PREFIX):
        raise ValueError("not a sealed value")
    raw = base64.b64decode(value[len(PREFIX) :])
    nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    for key in keys():
        try:
            return AESGCM(key).decrypt(nonce, sealed, context.encode()).decode("utf-8")
        except InvalidTag:
            continue
    raise ValueError("no configured key opens this value (was the key changed?)")


class EncryptedTextField(models.TextField):
    """A text column stored sealed; Python code sees plain text, the database never does.

    Empty text is stored as empty (nothing to hide, and "no contact details given" stays
    countable). Encrypted values cannot be searched or ordered in SQL: filter on other fields.
    """

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return seal(str(value), context=self._context())

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return open_sealed(value, context=self._context())

    def _context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"


@checks.register(checks.Tags.security, deploy=True)
def check_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production the key must come from the environment, not a file beside the data."""
    if os.environ.get("SAFETY_ENCRYPTION_KEY", "").strip():
        try:
            keys.cache_clear()
            keys()
        except KeyProblem as error:
            return [checks.Error(str(error), id="safety.E001")]
        return []
    return [
        checks.Warning(
            "SAFETY_ENCRYPTION_KEY is not set: incident reports are encrypted with a key "
            "generated into var/safety-key, beside the database.",
            hint="Set SAFETY_ENCRYPTION_KEY from your secret store (see docs/safety.md).",
            id="safety.W001",
        )
    ]
