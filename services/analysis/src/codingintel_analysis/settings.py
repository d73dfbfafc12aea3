from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from codingintel.settings import DEFAULT_REDIS_URL, ServiceSettings


class AnalysisSettings(ServiceSettings):
    analysis_listen_addr: str = "127.0.0.1:50054"
    # rules: offline rule-based screening, labelled as such in every summary.
    # openai: any OpenAI-compatible chat API (OpenAI, vLLM, Ollama), two prompts.
    # null, sleep: benchmarks only (codingintel.benchmode).
    analysis_backend: Literal["rules", "openai", "null", "sleep"] = "rules"
    # Unset: OpenAI's own API. e.g. http://vllm:8000/v1 or http://ollama:11434/v1.
    openai_base_url: str | None = None
    # Required for OpenAI; servers that need no key (vLLM, Ollama) get a placeholder.
    openai_api_key: SecretStr | None = None
    llm_model: str = "gpt-4o-mini"
    llm_timeout_seconds: float = Field(default=60.0, gt=0)
    llm_max_tokens: int = Field(default=4096, gt=0)
    llm_temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    # How structured output is asked for: json_schema (OpenAI, vLLM, Ollama >= 0.5),
    # json_object (older servers), or none (the prompt alone).
    llm_response_format: Literal["json_schema", "json_object", "none"] = "json_schema"
    # The prompt templates' version: prompts/<name>.<version>.md.
    llm_prompt_version: str = Field(default="v1", pattern=r"^v[0-9]+$")
    # Attempts for 5xx answers and connection errors (timeouts are not tried again).
    llm_max_attempts: int = Field(default=3, ge=1)
    # The shared limits across every analysis process (0: unlimited).
    llm_rps: float = Field(default=2.0, ge=0)
    llm_concurrency: int = Field(default=4, ge=0)
    redis_url: str = DEFAULT_REDIS_URL
    rate_limit_max_wait_seconds: float = Field(default=30.0, ge=0)
