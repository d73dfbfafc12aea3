"""Opaque page tokens (AIP-158): the last row's sort key, base64url-encoded JSON."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime


def encode(cursor: tuple[datetime, uuid.UUID]) -> str:
    at, report_id = cursor
    raw = json.dumps({"t": at.isoformat(), "id": str(report_id)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str) -> tuple[datetime, uuid.UUID] | None:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        return datetime.fromisoformat(data["t"]), uuid.UUID(data["id"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        return None
