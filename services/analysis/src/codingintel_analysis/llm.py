"""The analysis with an OpenAI-compatible chat API (OpenAI, vLLM, Ollama): the two
prompts of the product, run in order — coding analysis, then documentation quality.

Prompts are versioned template files (prompts/<name>.<version>.md). The answer must be
one JSON object matching the prompt's schema; an answer that is not gets one repair
attempt (the model is shown what was wrong, by field and error type), and a second
invalid answer fails the call with INTERNAL. Calls go through the limiter shared by all
analysis processes; token usage is recorded in the analysis, the logs and metrics.

Only de-identified text is sent: the notes this service receives are the PHI service's
output, and nothing else from the encounter is added.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from string import Template
from typing import Any, Literal, TypeVar

import grpc
import openai
from prometheus_client import Counter
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from codingintel import ratelimit
from codingintel.external import ExternalError, configuration_error, quiet_client_loggers
from codingintel.reports.v1 import reports_pb2

from .settings import AnalysisSettings

log = logging.getLogger(__name__)

LIMITER_BACKEND = "llm"
OPERATION = "chat.completions"
CODING_PROMPT = "coding_analysis"
QUALITY_PROMPT = "documentation_quality"
USER_MARKER = "\n=== user ===\n"

TOKENS = Counter(
    "codingintel_llm_tokens_total", "Tokens used by the LLM", ["model", "prompt", "kind"]
)
CALLS = Counter(
    "codingintel_llm_calls_total",
    "Chat completions by outcome (ok, invalid_json, repaired, failed)",
    ["model", "prompt", "outcome"],
)


# The answers' schemas. Unknown keys are ignored; missing or mistyped ones are errors.
class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Specificity(_Answer):
    code: str
    suggestion: str
    suggested_codes: list[str] = Field(default_factory=list)


class Sequencing(_Answer):
    code: str
    position: int = Field(ge=1)
    rationale: str = ""


class CodingAnswer(_Answer):
    supported_codes: list[str]
    unsupported_codes: list[str]
    missed_codes: list[str]
    specificity_opportunities: list[Specificity]
    sequencing_notes: list[Sequencing]
    summary: str = Field(min_length=1)


class Finding(_Answer):
    category: Literal["cdi_query", "missing_element", "conflicting_statement"]
    severity: Literal["info", "warning", "error"]
    text: str = Field(min_length=1)
    query: str = ""
    related_codes: list[str] = Field(default_factory=list)


class QualityAnswer(_Answer):
    findings: list[Finding]
    summary: str = Field(min_length=1)


SEVERITIES = {
    "info": reports_pb2.SEVERITY_INFO,
    "warning": reports_pb2.SEVERITY_WARNING,
    "error": reports_pb2.SEVERITY_ERROR,
}

A = TypeVar("A", bound=_Answer)


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    system: str
    user: str

    @property
    def id(self) -> str:
        return f"{self.name}.{self.version}"

    @classmethod
    def load(cls, name: str, version: str) -> Prompt:
        path = resources.files(__package__).joinpath("prompts", f"{name}.{version}.md")
        text = path.read_text(encoding="utf-8")
        system, sep, user = text.partition(USER_MARKER)
        if not sep:
            raise ValueError(f"prompt {name}.{version} has no user part")
        return cls(name, version, system.strip(), user.strip())

    def render(self, schema: dict[str, Any], **values: str) -> tuple[str, str]:
        system = Template(self.system).substitute(schema=json.dumps(schema, indent=1))
        return system, Template(self.user).substitute(**values)


def load_prompts(version: str) -> dict[str, Prompt]:
    """Both prompts of a version; exits naming LLM_PROMPT_VERSION when one is missing."""
    try:
        return {name: Prompt.load(name, version) for name in (CODING_PROMPT, QUALITY_PROMPT)}
    except (FileNotFoundError, ValueError):
        configuration_error("LLM_PROMPT_VERSION: no prompt templates of that version")


def render_notes(note_texts: Sequence[str]) -> str:
    if not note_texts:
        return "(the encounter has no clinical note)"
    return "\n\n".join(f"--- note {i + 1} ---\n{text.strip()}" for i, text in enumerate(note_texts))


def render_codes(codes: Sequence[reports_pb2.CodeSuggestion]) -> str:
    if not codes:
        return "(none)"
    lines = []
    for code in codes:
        source = (
            "on the encounter" if code.source == reports_pb2.CODE_SOURCE_FHIR else "from a note"
        )
        support = (
            f"supported by note {code.evidence.note_index + 1}: {code.evidence.text!r}"
            if code.HasField("evidence")
            else "no note evidence found"
        )
        lines.append(f"- {code.code} {code.display} ({source}, score {code.score:.2f}, {support})")
    return "\n".join(lines)


def render_coding(analysis: reports_pb2.CodingAnalysis) -> str:
    return json.dumps(
        {
            "supported_codes": list(analysis.supported_codes),
            "unsupported_codes": list(analysis.unsupported_codes),
            "missed_codes": list(analysis.missed_codes),
            "specificity_opportunities": [
                {"code": o.code, "suggestion": o.suggestion}
                for o in analysis.specificity_opportunities
            ],
            "summary": analysis.summary,
        },
        indent=1,
    )


def describe_invalid(exc: Exception) -> str:
    """What was wrong with an answer, by location and error type only."""
    if isinstance(exc, ValidationError):
        parts = [
            f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['type']}"
            for e in exc.errors()[:20]
        ]
        return "; ".join(parts)
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON (line {exc.lineno}, column {exc.colno})"
    return "not a JSON object"


def parse_answer(content: str | None, model: type[A]) -> A:
    text = (content or "").strip()
    if text.startswith("```"):
        # A fenced block: take what is inside.
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError("not an object")
    return model.model_validate(data)


def classify(exc: BaseException) -> ratelimit.Verdict:
    if isinstance(exc, openai.RateLimitError):
        if _quota_exhausted(exc):
            return None
        return ratelimit.Outcome.THROTTLED, ratelimit.retry_after_seconds(
            dict(exc.response.headers)
        )
    if isinstance(exc, openai.APITimeoutError):
        return None  # another attempt would not fit in the caller's deadline
    if isinstance(exc, openai.InternalServerError | openai.APIConnectionError):
        return ratelimit.Outcome.TRANSIENT, None
    if isinstance(exc, openai.APIStatusError) and exc.status_code in (502, 503, 504):
        return ratelimit.Outcome.TRANSIENT, None
    return None


def _quota_exhausted(exc: openai.RateLimitError) -> bool:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body) if isinstance(body, dict) else {}
    return isinstance(error, dict) and error.get("code") == "insufficient_quota"


def to_external(exc: BaseException, prompt: str) -> ExternalError:
    """The gRPC status for a failed call. The API's own message is never kept."""
    meta = {"backend": LIMITER_BACKEND, "prompt": prompt}

    def error(code: grpc.StatusCode, reason: str, message: str) -> ExternalError:
        return ExternalError(code, reason, f"{prompt}: {message}", meta)

    if isinstance(exc, ratelimit.Throttled):
        return error(
            grpc.StatusCode.RESOURCE_EXHAUSTED, "RATE_LIMITED", "the LLM API is throttling"
        )
    if isinstance(exc, ratelimit.LimiterUnavailable):
        return error(
            grpc.StatusCode.UNAVAILABLE,
            "LIMITER_UNAVAILABLE",
            "the shared rate limiter (Redis) is unreachable",
        )
    if isinstance(exc, openai.APITimeoutError):
        return error(
            grpc.StatusCode.DEADLINE_EXCEEDED, "BACKEND_TIMEOUT", "the LLM did not answer in time"
        )
    if isinstance(exc, openai.APIConnectionError):
        return error(grpc.StatusCode.UNAVAILABLE, "BACKEND_UNAVAILABLE", "the LLM is unreachable")
    if isinstance(exc, openai.RateLimitError):
        reason = "QUOTA_EXHAUSTED" if _quota_exhausted(exc) else "RATE_LIMITED"
        return error(grpc.StatusCode.RESOURCE_EXHAUSTED, reason, "the LLM API refused (HTTP 429)")
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return error(
            grpc.StatusCode.FAILED_PRECONDITION,
            "BACKEND_AUTH",
            f"the LLM API refused the credentials (HTTP {exc.status_code})",
        )
    if isinstance(exc, openai.NotFoundError):
        return error(
            grpc.StatusCode.FAILED_PRECONDITION,
            "BACKEND_CONFIG",
            "the LLM API does not know the model or the path (HTTP 404)",
        )
    if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
        return error(
            grpc.StatusCode.INVALID_ARGUMENT,
            "INVALID_INPUT",
            f"the LLM API rejected the request (HTTP {exc.status_code})",
        )
    if isinstance(exc, openai.APIStatusError):
        return error(
            grpc.StatusCode.UNAVAILABLE,
            "BACKEND_UNAVAILABLE",
            f"the LLM API failed (HTTP {exc.status_code})",
        )
    return error(
        grpc.StatusCode.INTERNAL, "BACKEND_ERROR", f"LLM call failed ({type(exc).__name__})"
    )


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    calls: int = 0

    def add(self, usage: Any) -> None:
        self.calls += 1
        if usage is None:
            return
        self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        self.total_tokens += int(getattr(usage, "total_tokens", 0) or 0)

    def proto(self) -> reports_pb2.TokenUsage:
        return reports_pb2.TokenUsage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            total_tokens=self.total_tokens,
            calls=self.calls,
        )


class LlmBackend:
    """Both analyses with an OpenAI-compatible chat API."""

    def __init__(self, config: AnalysisSettings) -> None:
        key = config.openai_api_key.get_secret_value() if config.openai_api_key else None
        if key is None:
            if config.openai_base_url is None:
                configuration_error(
                    "OPENAI_API_KEY: required for OpenAI's API"
                    " (or set OPENAI_BASE_URL for a server that needs no key)"
                )
            key = "unused"
        quiet_client_loggers("openai", "httpx", "httpx2", "httpcore")
        self.model = config.llm_model
        self.name = config.llm_model
        self.config = config
        self.prompts = load_prompts(config.llm_prompt_version)
        # Retries are the limiter's: throttles are shared by every process.
        self.client = openai.AsyncOpenAI(
            api_key=key,
            base_url=config.openai_base_url,
            timeout=config.llm_timeout_seconds,
            max_retries=0,
        )
        self.limiter = ratelimit.Limiter(
            config.redis_url,
            LIMITER_BACKEND,
            {OPERATION: ratelimit.Limit(rps=config.llm_rps, concurrency=config.llm_concurrency)},
            max_wait_seconds=config.rate_limit_max_wait_seconds,
            lease_seconds=config.llm_timeout_seconds * config.llm_max_attempts
            + config.rate_limit_max_wait_seconds,
            max_transient_attempts=config.llm_max_attempts,
        )

    def _response_format(self, prompt: Prompt, model: type[_Answer]) -> dict[str, Any] | None:
        if self.config.llm_response_format == "json_schema":
            return {
                "type": "json_schema",
                "json_schema": {"name": prompt.name, "schema": model.model_json_schema()},
            }
        if self.config.llm_response_format == "json_object":
            return {"type": "json_object"}
        return None

    async def _complete(
        self, prompt: Prompt, messages: list[dict[str, str]], model: type[_Answer], usage: Usage
    ) -> str | None:
        extra: dict[str, Any] = {}
        response_format = self._response_format(prompt, model)
        if response_format is not None:
            extra["response_format"] = response_format

        async def once() -> Any:
            try:
                completion = await self.client.chat.completions.create(
                    model=self.model,
                    messages=messages,  # type: ignore[arg-type]
                    temperature=self.config.llm_temperature,
                    max_tokens=self.config.llm_max_tokens,
                    **extra,
                )
            except openai.RateLimitError:
                ratelimit.ATTEMPTS.labels(LIMITER_BACKEND, OPERATION, "throttled").inc()
                raise
            except Exception:
                ratelimit.ATTEMPTS.labels(LIMITER_BACKEND, OPERATION, "error").inc()
                raise
            ratelimit.ATTEMPTS.labels(LIMITER_BACKEND, OPERATION, "ok").inc()
            return completion

        try:
            completion = await self.limiter.call(OPERATION, once, classify)
        except Exception as exc:
            error = to_external(exc, prompt.name)
            CALLS.labels(self.model, prompt.name, "failed").inc()
            log.warning(
                "llm call failed",
                extra={
                    "prompt": prompt.id,
                    "grpc_code": error.code.name,
                    "reason": error.reason,
                    "exception": type(exc).__name__,
                },
            )
            raise error from None
        usage.add(completion.usage)
        if completion.usage is not None:
            for kind in ("prompt_tokens", "completion_tokens"):
                TOKENS.labels(self.model, prompt.name, kind.removesuffix("_tokens")).inc(
                    int(getattr(completion.usage, kind, 0) or 0)
                )
        if not completion.choices:
            return None
        content: str | None = completion.choices[0].message.content
        return content

    async def _ask(self, prompt: Prompt, model: type[A], **values: str) -> tuple[A, Usage]:
        began = time.monotonic()
        usage = Usage()
        system, user = prompt.render(model.model_json_schema(), **values)
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        content = await self._complete(prompt, messages, model, usage)
        try:
            answer = parse_answer(content, model)
            outcome = "ok"
        except (ValueError, TypeError) as exc:  # JSONDecodeError and ValidationError too
            problem = describe_invalid(exc)
            CALLS.labels(self.model, prompt.name, "invalid_json").inc()
            log.warning(
                "llm answer invalid; one repair attempt",
                extra={"prompt": prompt.id, "problem": problem, "chars": len(content or "")},
            )
            messages += [
                {"role": "assistant", "content": content or ""},
                {
                    "role": "user",
                    "content": "Your answer does not match the required JSON Schema: "
                    f"{problem}. Answer again with only the corrected JSON object.",
                },
            ]
            content = await self._complete(prompt, messages, model, usage)
            try:
                answer = parse_answer(content, model)
                outcome = "repaired"
            except (ValueError, TypeError) as again:
                CALLS.labels(self.model, prompt.name, "failed").inc()
                log.warning(
                    "llm answer invalid after repair",
                    extra={"prompt": prompt.id, "problem": describe_invalid(again)},
                )
                raise ExternalError(
                    grpc.StatusCode.INTERNAL,
                    "LLM_INVALID_OUTPUT",
                    f"{prompt.name}: the model's answer did not match the schema after one"
                    " repair attempt",
                    {"backend": LIMITER_BACKEND, "prompt": prompt.name},
                ) from None
        CALLS.labels(self.model, prompt.name, outcome).inc()
        log.info(
            "llm analysis",
            extra={
                "prompt": prompt.id,
                "outcome": outcome,
                "calls": usage.calls,
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
                "duration_ms": int((time.monotonic() - began) * 1000),
            },
        )
        return answer, usage

    async def analyze_coding(
        self,
        note_texts: Sequence[str],
        icd10_codes: Sequence[reports_pb2.CodeSuggestion],
        snomed_codes: Sequence[reports_pb2.CodeSuggestion],
    ) -> reports_pb2.CodingAnalysis:
        prompt = self.prompts[CODING_PROMPT]
        answer, usage = await self._ask(
            prompt,
            CodingAnswer,
            notes=render_notes(note_texts),
            icd10_codes=render_codes(icd10_codes),
            snomed_codes=render_codes(snomed_codes),
        )
        return reports_pb2.CodingAnalysis(
            supported_codes=_codes(answer.supported_codes),
            unsupported_codes=_codes(answer.unsupported_codes),
            missed_codes=_codes(answer.missed_codes),
            specificity_opportunities=[
                reports_pb2.SpecificityOpportunity(
                    code=o.code.strip(),
                    suggestion=o.suggestion,
                    suggested_codes=_codes(o.suggested_codes),
                )
                for o in answer.specificity_opportunities
            ],
            sequencing_notes=[
                reports_pb2.SequencingNote(
                    code=s.code.strip(), position=s.position, rationale=s.rationale
                )
                for s in sorted(answer.sequencing_notes, key=lambda s: s.position)
            ],
            summary=answer.summary,
            prompt_version=prompt.id,
            token_usage=usage.proto(),
        )

    async def analyze_quality(
        self,
        note_texts: Sequence[str],
        icd10_codes: Sequence[reports_pb2.CodeSuggestion],
        coding: reports_pb2.CodingAnalysis,
    ) -> reports_pb2.QualityAnalysis:
        prompt = self.prompts[QUALITY_PROMPT]
        answer, usage = await self._ask(
            prompt,
            QualityAnswer,
            notes=render_notes(note_texts),
            icd10_codes=render_codes(icd10_codes),
            coding_analysis=render_coding(coding),
        )
        return reports_pb2.QualityAnalysis(
            findings=[
                reports_pb2.QualityFinding(
                    category=f.category,
                    severity=SEVERITIES[f.severity],
                    text=f.text,
                    query=f.query,
                    related_codes=_codes(f.related_codes),
                )
                for f in answer.findings
            ],
            summary=answer.summary,
            prompt_version=prompt.id,
            token_usage=usage.proto(),
        )

    async def close(self) -> None:
        await self.limiter.close()
        await self.client.close()


def _codes(codes: Sequence[str]) -> list[str]:
    """Stripped, without blanks or repeats, in the model's order."""
    seen: dict[str, None] = {}
    for code in codes:
        code = code.strip()
        if code:
            seen.setdefault(code, None)
    return list(seen)
