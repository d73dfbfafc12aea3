"""A fake OpenAI-compatible chat API (POST /v1/chat/completions), for the openai
package with base_url. Each request takes the next scripted behaviour — a good answer,
invalid JSON, JSON that misses the schema, a slow answer, a throttle (429 with
Retry-After), a server error — or a good answer when none is left. It records every
request it receives."""

from __future__ import annotations

import json
import re
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from .server import FakeServer, json_body

GOOD = "good"
FENCED = "fenced"  # a good answer inside a ```json fence
INVALID_JSON = "invalid_json"
WRONG_SHAPE = "wrong_shape"
SLOW = "slow"
THROTTLE = "throttle"
SERVER_ERROR = "server_error"
BAD_REQUEST = "bad_request"


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def text(self) -> str:
        """Everything the messages carry, joined."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))

    @property
    def prompt(self) -> str:
        fmt = self.body.get("response_format") or {}
        name = (fmt.get("json_schema") or {}).get("name")
        if name:
            return str(name)
        return "coding_analysis" if "coding auditor" in self.text else "documentation_quality"


class FakeOpenAI(FakeServer):
    def __init__(self, *, slow_seconds: float = 3.0, retry_after: float = 0.2) -> None:
        super().__init__()
        self.slow_seconds = slow_seconds
        self.retry_after = retry_after
        self.requests: list[Request] = []
        self.script: deque[str] = deque()

    def then(self, *behaviours: str) -> FakeOpenAI:
        with self.lock:
            self.script.extend(behaviours)
        return self

    def texts(self) -> list[str]:
        with self.lock:
            return [r.text for r in self.requests]

    def handle(
        self, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        request = Request(path, headers, json.loads(body or b"{}"))
        with self.lock:
            self.requests.append(request)
            behaviour = self.script.popleft() if self.script else GOOD
        json_type = {"Content-Type": "application/json"}
        if not path.endswith("/chat/completions"):
            return 404, json_type, json_body({"error": {"message": "not found", "code": None}})
        if behaviour == THROTTLE:
            return (
                429,
                {**json_type, "Retry-After": str(self.retry_after)},
                json_body(
                    {
                        "error": {
                            "message": "slow down",
                            "type": "rate_limit",
                            "code": "rate_limit_exceeded",
                        }
                    }
                ),
            )
        if behaviour == SERVER_ERROR:
            return 500, json_type, json_body({"error": {"message": "boom", "type": "server_error"}})
        if behaviour == BAD_REQUEST:
            return (
                400,
                json_type,
                json_body({"error": {"message": "too long", "type": "invalid_request_error"}}),
            )
        if behaviour == SLOW:
            time.sleep(self.slow_seconds)
        content = self._answer(request, behaviour)
        return 200, json_type, json_body(self._completion(request, content))

    def _answer(self, request: Request, behaviour: str) -> str:
        if behaviour == INVALID_JSON:
            return 'Here is the analysis: {"supported_codes": ["E11.9"'
        if behaviour == WRONG_SHAPE:
            return json.dumps({"supported_codes": "E11.9", "summary": ""})
        answer = self._coding(request) if request.prompt == "coding_analysis" else self._quality()
        text = json.dumps(answer)
        return f"```json\n{text}\n```" if behaviour == FENCED else text

    @staticmethod
    def _coding(request: Request) -> dict[str, Any]:
        user = str(request.body["messages"][1]["content"])
        lines = re.findall(r"^- (\S+) .*$", user, re.MULTILINE)
        supported = [
            c for c in lines if f"- {c} " in user and "supported by note" in _line(user, c)
        ]
        unsupported = [c for c in lines if "no note evidence" in _line(user, c)]
        return {
            "supported_codes": supported,
            "unsupported_codes": unsupported,
            "missed_codes": ["E87.1"],
            "specificity_opportunities": [
                {"code": c, "suggestion": "Document the organism.", "suggested_codes": []}
                for c in lines
                if c.startswith("J18")
            ],
            "sequencing_notes": [
                {"code": c, "position": i + 1, "rationale": "Reason for admission first."}
                for i, c in enumerate(supported[:3])
            ],
            "summary": "Codes reviewed against the documentation.",
        }

    @staticmethod
    def _quality() -> dict[str, Any]:
        return {
            "findings": [
                {
                    "category": "cdi_query",
                    "severity": "warning",
                    "text": "The organism of the pneumonia is not documented.",
                    "query": "Can the causative organism be specified, or is it undetermined?",
                    "related_codes": ["J18.9"],
                },
                {
                    "category": "missing_element",
                    "severity": "info",
                    "text": "No medication reconciliation is documented.",
                },
                {
                    "category": "conflicting_statement",
                    "severity": "error",
                    "text": "Chest pain is both reported and denied.",
                    "related_codes": [],
                },
            ],
            "summary": "Three documentation findings.",
        }

    @staticmethod
    def _completion(request: Request, content: str) -> dict[str, Any]:
        prompt_tokens = len(request.text) // 4
        completion_tokens = len(content) // 4
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.body.get("model", "fake"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


def _line(text: str, code: str) -> str:
    match = re.search(rf"^- {re.escape(code)} .*$", text, re.MULTILINE)
    return match.group(0) if match else ""
