"""Per-round secrets kept outside the database, so that closing a vote can really destroy them.

A round's voter salt (the HMAC key of every voter token) and its sealing key (for the paper
ballot numbers officers need to read back while the vote is open) live in one small file per
round, never in a database row: PostgreSQL keeps deleted and updated rows in its table files
and write-ahead log long after a ``DELETE`` or ``UPDATE``, so a secret that was ever in a row
can be read back from a copy of the disk.  Closing the vote deletes the file (after the close
commits); from then on nothing stored can be turned back into a voter's token
(crypto-shredding).

The files live in ``COMMONGROUND_FUND_KEY_DIR`` (default ``var/fund-keys``), written
atomically with mode 0600 in a 0700 directory.  Several web processes behind a load balancer
must all see the same directory: a shared volume, or a secret store mounted as files.

Sealing is AES-256-GCM from ``cryptography`` (a random 96-bit nonce per value, the round's
sealing key as the key).  It protects short values — paper ballot numbers — whose secrecy
only has to outlast the round's key.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
import time
import uuid
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE_BYTES = 12  # GCM's standard nonce


class KeyMissing(RuntimeError):
    """The round's key file is gone: its vote was closed, or the key directory is wrong."""


def key_dir() -> Path:
    """Where round keys live: ``FUND_KEY_DIR`` (from ``COMMONGROUND_FUND_KEY_DIR``)."""
    return Path(settings.FUND_KEY_DIR)


def _path(key_id: uuid.UUID | str) -> Path:
    return key_dir() / f"{uuid.UUID(str(key_id))}.key"


def create(salt: str | None = None) -> uuid.UUID:
    """Make a new round key (and voter salt, unless an existing one is carried over) and
    write it atomically, readable by this user only; returns its id."""
    key_id = uuid.uuid4()
    content = json.dumps({"salt": salt or secrets.token_hex(32), "seal": secrets.token_hex(32)})
    folder = key_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".new-", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, _path(key_id))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_dir(folder)
    return key_id


def load(key_id: uuid.UUID | str | None) -> dict[str, str] | None:
    """The round's secrets (``salt``, ``seal``), or ``None`` when there is no key (any more)."""
    if key_id is None:
        return None
    try:
        return json.loads(_path(key_id).read_text())
    except FileNotFoundError:
        return None


def destroy(key_id: uuid.UUID | str | None) -> None:
    """Overwrite the key file, then delete it.  Overwriting is best effort (journalling file
    systems and SSDs may keep old blocks); deleting is what the design relies on."""
    if key_id is None:
        return
    path = _path(key_id)
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(secrets.token_bytes(max(size, 1)))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        return
    _sync_dir(path.parent)


def prune(keep: set[str], *, older_than_s: float = 3600) -> int:
    """Destroy key files no round holds any more (a close that committed but died before
    destroying its file).  Only files older than ``older_than_s``: a round's new key file
    exists a moment before the transaction naming it commits.  Returns how many."""
    folder = key_dir()
    if not folder.is_dir():
        return 0
    now = time.time()
    gone = 0
    for path in folder.glob("*.key"):
        if path.stem not in keep and now - path.stat().st_mtime > older_than_s:
            destroy(path.stem)
            gone += 1
    return gone


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------- sealing


def _aead(secrets_: dict[str, str]) -> AESGCM:
    return AESGCM(bytes.fromhex(secrets_["seal"]))


def seal(secrets_: dict[str, str], text: str) -> str:
    """Encrypt and authenticate ``text`` under the round's sealing key (URL-safe base64)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    cipher = _aead(secrets_).encrypt(nonce, text.encode(), None)
    return base64.urlsafe_b64encode(nonce + cipher).decode()


def unseal(secrets_: dict[str, str], token: str) -> str:
    """The text :func:`seal` sealed; raises ``ValueError`` if it was altered."""
    raw = base64.urlsafe_b64decode(token.encode())
    try:
        plain = _aead(secrets_).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None)
    except InvalidTag:
        raise ValueError("sealed value was altered or belongs to another round") from None
    return plain.decode()
