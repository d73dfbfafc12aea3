"""Opaque page tokens (AIP-158) that cannot be forged or replayed elsewhere: the last
row's sort key, bound to the caller's tenant and filters, signed with HMAC-SHA256."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from datetime import datetime


class PageTokens:
    def __init__(self, secret: bytes) -> None:
        self.secret = secret

    def _sign(self, payload: bytes, binding: str) -> bytes:
        return hmac.new(self.secret, payload + b"|" + binding.encode(), hashlib.sha256).digest()

    def encode(self, cursor: tuple[datetime, uuid.UUID], binding: str) -> str:
        at, report_id = cursor
        payload = json.dumps({"t": at.isoformat(), "id": str(report_id)}).encode()
        signature = self._sign(payload, binding)
        return (
            base64.urlsafe_b64encode(payload).decode().rstrip("=")
            + "."
            + base64.urlsafe_b64encode(signature).decode().rstrip("=")
        )

    def decode(self, token: str, binding: str) -> tuple[datetime, uuid.UUID] | None:
        """The cursor, or None for a token this service did not issue for this caller
        and these filters."""
        try:
            payload_part, signature_part = token.split(".", 1)
            payload = base64.urlsafe_b64decode(payload_part + "=" * (-len(payload_part) % 4))
            signature = base64.urlsafe_b64decode(signature_part + "=" * (-len(signature_part) % 4))
            if not hmac.compare_digest(signature, self._sign(payload, binding)):
                return None
            data = json.loads(payload)
            return datetime.fromisoformat(data["t"]), uuid.UUID(data["id"])
        except (binascii.Error, ValueError, KeyError, TypeError):
            return None
