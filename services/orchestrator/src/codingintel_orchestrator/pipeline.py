"""The pipeline one report goes through, stage by stage.

Each stage's output is saved (a checkpoint) in the same transaction as the status
change that follows it, so a redelivered message resumes after the last finished
stage. Only de-identified text leaves this process for coding and analysis.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import grpc
from google.protobuf.message import Message
from google.rpc import code_pb2, status_pb2

from codingintel import errors, fhir, grpc_server, telemetry, tls
from codingintel import pipeline as steps
from codingintel.analysis.v1 import analysis_pb2, analysis_pb2_grpc
from codingintel.coding.v1 import coding_pb2, coding_pb2_grpc
from codingintel.phi.v1 import phi_pb2, phi_pb2_grpc
from codingintel.reports.v1 import reports_pb2
from codingintel.store import (
    EXHAUSTED,
    TERMINAL_STATES,
    Checkpoint,
    ReportStore,
    parse_report_id,
)

from . import metrics
from .eta import EtaModel
from .settings import OrchestratorSettings

log = logging.getLogger(__name__)

LOCAL_BACKEND = "orchestrator"
REPORT_ID_METADATA = "x-codingintel-report-id"

# Worth another attempt; anything else from a backend fails the report at once.
TRANSIENT_CODES = frozenset(
    {
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DEADLINE_EXCEEDED,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        grpc.StatusCode.ABORTED,
    }
)

# Which service a stage calls, for the error's structured details.
STAGE_BACKENDS = {
    steps.PHI_DETECTION: "phi",
    steps.CLINICAL_FILTERING: "coding",
    steps.ICD10_INFERENCE: "coding",
    steps.SNOMED_INFERENCE: "coding",
    steps.CODE_INFERENCE: "orchestrator",
    steps.AI_CODING_ANALYSIS: "analysis",
    steps.AI_QUALITY_ANALYSIS: "analysis",
}


@dataclass(frozen=True)
class Stage:
    name: str
    start_progress: int
    # Progress reported when the stage finishes; None when the next stage's start
    # is reported instead.
    end_progress: int | None
    output_type: type[Message]
    # A degradable stage that fails is replaced by a fallback and the report goes on.
    degradable: bool


STAGES: tuple[Stage, ...] = (
    Stage(steps.PHI_DETECTION, 10, 20, phi_pb2.DeidentifyResponse, False),
    Stage(steps.CLINICAL_FILTERING, 30, 40, coding_pb2.FilterClinicalTextResponse, True),
    Stage(steps.ICD10_INFERENCE, 50, None, coding_pb2.InferIcd10CodesResponse, True),
    Stage(steps.SNOMED_INFERENCE, 60, None, coding_pb2.InferSnomedCodesResponse, True),
    Stage(steps.CODE_INFERENCE, 70, None, reports_pb2.ReportResult, False),
    Stage(steps.AI_CODING_ANALYSIS, 80, None, analysis_pb2.AnalyzeCodingResponse, False),
    Stage(steps.AI_QUALITY_ANALYSIS, 90, None, analysis_pb2.AnalyzeQualityResponse, False),
)


@dataclass
class Run:
    """One run of the pipeline for one report."""

    report_id: uuid.UUID
    encounter: fhir.Encounter
    outputs: dict[str, Any] = field(default_factory=dict)
    backends: dict[str, str] = field(default_factory=dict)
    degraded: list[str] = field(default_factory=list)
    attempt: int = 1
    # This run's lease owner id: every write is fenced by it.
    owner: str = ""


class StageFailed(Exception):
    def __init__(self, stage: str, code: grpc.StatusCode) -> None:
        super().__init__(f"{stage}: {code.name}")
        self.stage = stage
        self.code = code


def consolidate(
    icd10: list[reports_pb2.CodeSuggestion], snomed: list[reports_pb2.CodeSuggestion]
) -> reports_pb2.ReportResult:
    """One entry per code: the encounter's own codes first (carrying the note evidence
    behind them), then codes found only in the notes, each list by score."""

    def merge(codes: list[reports_pb2.CodeSuggestion]) -> list[reports_pb2.CodeSuggestion]:
        fhir_codes = {c.code for c in codes if c.source == reports_pb2.CODE_SOURCE_FHIR}
        best: dict[tuple[str, int], reports_pb2.CodeSuggestion] = {}
        for code in codes:
            if code.source == reports_pb2.CODE_SOURCE_NOTE and code.code in fhir_codes:
                continue
            key = (code.code, code.source)
            if key not in best or code.score > best[key].score:
                best[key] = code
        return sorted(
            best.values(),
            key=lambda c: (c.source != reports_pb2.CODE_SOURCE_FHIR, -c.score, c.code),
        )

    return reports_pb2.ReportResult(icd10_codes=merge(icd10), snomed_codes=merge(snomed))


def _fhir_codes(encounter: fhir.Encounter, system: str) -> list[reports_pb2.CodeSuggestion]:
    seen: set[str] = set()
    codes = []
    for coding in encounter.codings:
        if coding.system == system and coding.code not in seen:
            seen.add(coding.code)
            codes.append(
                reports_pb2.CodeSuggestion(
                    code=coding.code,
                    display=coding.display,
                    score=1.0,
                    source=reports_pb2.CODE_SOURCE_FHIR,
                )
            )
    return codes


RetryScheduler = Callable[[str, float], Awaitable[None]]


class Pipeline:
    def __init__(
        self,
        store: ReportStore,
        config: OrchestratorSettings,
        schedule_retry: RetryScheduler,
        worker_id: str,
    ) -> None:
        self.store = store
        self.config = config
        self.schedule_retry = schedule_retry
        self.worker_id = worker_id
        self.eta = EtaModel()
        # Mutual TLS to the backends when TLS_CA_FILE / TLS_CLIENT_CERT_FILE are set.
        credentials = tls.channel_credentials(config)
        self.channels = [
            tls.open_channel(
                addr,
                credentials,
                options=grpc_server.CHANNEL_OPTIONS,
                interceptors=telemetry.client_interceptors(),
            )
            for addr in (
                config.phi_service_addr,
                config.coding_service_addr,
                config.analysis_service_addr,
            )
        ]
        self.phi = phi_pb2_grpc.PhiServiceStub(self.channels[0])
        self.coding = coding_pb2_grpc.CodingServiceStub(self.channels[1])
        self.analysis = analysis_pb2_grpc.AnalysisServiceStub(self.channels[2])

    async def close(self) -> None:
        for channel in self.channels:
            await channel.close(grace=None)

    def _steps_left(self, index: int) -> list[str]:
        return [stage.name for stage in STAGES[index:]]

    async def run(self, report_id_text: str) -> None:
        """One attempt for one report: claim it, run the unfinished stages, and on a
        transient failure schedule the next attempt (or fail when none are left)."""
        report_id = parse_report_id(report_id_text)
        if report_id is None:
            log.warning("message with an invalid report id dropped")
            return
        report = await self.store.load_report(report_id)
        if report is None or report.state in TERMINAL_STATES:
            log.info("nothing to do", extra={"report_id": str(report_id)})
            return
        bundle = await self.store.load_bundle(report_id)
        if bundle is None:
            await self._fail(report_id, code_pb2.DATA_LOSS, "the encounter is missing", "", 0)
            return
        run = Run(report_id, fhir.parse_encounter(bundle, max_bytes=len(bundle)))
        saved = await self.store.checkpoints(report_id)
        for stage in STAGES:
            if stage.name in saved:
                checkpoint = saved[stage.name]
                run.outputs[stage.name] = stage.output_type.FromString(checkpoint.output)
                run.backends[stage.name] = checkpoint.backend
                if checkpoint.degraded:
                    run.degraded.append(stage.name)
        first = next((i for i, s in enumerate(STAGES) if s.name not in saved), len(STAGES) - 1)
        run.owner = f"{self.worker_id}/{uuid.uuid4().hex[:8]}"
        claim = await self.store.claim(
            report_id,
            owner=run.owner,
            lease_seconds=self.config.lease_seconds,
            max_attempts=self.config.max_attempts,
            step=STAGES[first].name,
            progress=STAGES[first].start_progress,
            eta_ms=self.eta.remaining_ms(self._steps_left(first)),
        )
        if claim.outcome == EXHAUSTED:
            # Every attempt so far ended without an outcome: the workers running it died.
            await self._fail(
                report_id,
                code_pb2.ABORTED,
                f"processing stopped {report.attempt_count} times without finishing",
                report.current_step,
                report.attempt_count,
                reason="ATTEMPTS_EXHAUSTED",
            )
            return
        if claim.report is None:
            log.info("not claimed", extra={"report_id": str(report_id), "outcome": claim.outcome})
            return
        run.attempt = claim.report.attempt_count
        metrics.ATTEMPTS.inc()
        log.info(
            "processing",
            extra={"report_id": str(report_id), "step": STAGES[first].name, "attempt": run.attempt},
        )
        heartbeat = asyncio.create_task(self._keep_lease(run))
        metrics.REPORTS_IN_FLIGHT.inc()
        try:
            await self._run_stages(run, first)
        except StageFailed as exc:
            await self._stage_failed(run, exc)
        finally:
            metrics.REPORTS_IN_FLIGHT.dec()
            heartbeat.cancel()

    async def _stage_failed(self, run: Run, exc: StageFailed) -> None:
        metrics.STAGE_FAILURES.labels(exc.stage, exc.code.name).inc()
        if exc.code in TRANSIENT_CODES and run.attempt < self.config.max_attempts:
            metrics.RETRIES.labels(exc.stage).inc()
            delay = self.retry_delay(run.attempt)
            log.warning(
                "attempt failed; retrying",
                extra={
                    "report_id": str(run.report_id),
                    "step": exc.stage,
                    "grpc_code": exc.code.name,
                    "attempt": run.attempt,
                    "retry_in_seconds": round(delay, 2),
                },
            )
            if await self.store.hold_for_retry(run.report_id, run.owner, delay):
                try:
                    await self.schedule_retry(str(run.report_id), delay)
                except Exception as error:  # the reconciler sends it once the hold ends
                    log.warning("retry not enqueued", extra={"error": type(error).__name__})
            return
        timed_out = exc.code == grpc.StatusCode.DEADLINE_EXCEEDED
        message = f"{exc.stage} failed: {exc.code.name}"
        if timed_out:
            message += " (the backend did not answer before its deadline)"
        message += f" after {run.attempt} attempt{'s' if run.attempt != 1 else ''}"
        await self._fail(
            run.report_id,
            exc.code.value[0],
            message,
            exc.stage,
            run.attempt,
            owner=run.owner,
            reason="STEP_TIMEOUT" if timed_out else "STEP_FAILED",
        )

    def retry_delay(self, attempt: int) -> float:
        """Exponential backoff with jitter."""
        ceiling = min(
            self.config.retry_max_seconds, self.config.retry_base_seconds * 2.0 ** (attempt - 1)
        )
        return ceiling * random.uniform(0.5, 1.0)

    async def _keep_lease(self, run: Run) -> None:
        interval = self.config.lease_seconds / 3
        while True:
            await asyncio.sleep(interval)
            try:
                renewed = await self.store.renew_lease(
                    run.report_id, run.owner, self.config.lease_seconds
                )
            except Exception as error:
                log.warning("lease renewal failed", extra={"error": type(error).__name__})
                continue
            if not renewed:
                return  # cancelled, finished, or taken over: the next change says so

    async def _advance(
        self, run: Run, step: str, progress: int, steps_left: int, checkpoint: Checkpoint | None
    ) -> reports_pb2.Report | None:
        return await self.store.change(
            run.report_id,
            {
                "current_step": step,
                "progress_percent": progress,
                "estimated_time_remaining_ms": self.eta.remaining_ms(self._steps_left(steps_left)),
            },
            checkpoint=checkpoint,
            owner=run.owner,
            lease_seconds=self.config.lease_seconds,
        )

    async def _run_stages(self, run: Run, first: int) -> None:
        announce_start = False
        for index in range(first, len(STAGES)):
            stage = STAGES[index]
            with telemetry.stage_span(str(run.report_id), stage.name, run.attempt) as span:
                if not await self._run_stage(run, index, stage, span, announce_start):
                    return
                announce_start = stage.end_progress is not None

    async def _run_stage(
        self, run: Run, index: int, stage: Stage, span: Any, announce_start: bool
    ) -> bool:
        """One stage: its call (or saved output, or fallback), then the change that
        saves it. Answers False when the run must stop."""
        if announce_start and not await self._advance(
            run, stage.name, stage.start_progress, index, None
        ):
            self._stopped(run, stage.name)
            return False
        began = time.monotonic()
        degraded = False
        if stage.name in run.outputs:
            output, backend = run.outputs[stage.name], run.backends[stage.name]
            span.set_attribute("codingintel.resumed", True)
        else:
            try:
                output, backend = await self._call(stage, run)
            except StageFailed as exc:
                span.set_attribute("rpc.grpc.status_code", exc.code.value[0])
                if not stage.degradable:
                    raise
                span.set_attribute("codingintel.degraded", True)
                log.warning(
                    "step degraded",
                    extra={
                        "report_id": str(run.report_id),
                        "step": stage.name,
                        "grpc_code": exc.code.name,
                    },
                )
                metrics.STAGE_FAILURES.labels(stage.name, exc.code.name).inc()
                metrics.DEGRADATIONS.labels(stage.name).inc()
                output, backend, degraded = self._fallback(stage, run), "none", True
                run.degraded.append(stage.name)
        duration_ms = int((time.monotonic() - began) * 1000)
        self.eta.record(stage.name, duration_ms)
        metrics.STAGE_SECONDS.labels(stage.name).observe(duration_ms / 1000)
        run.outputs[stage.name] = output
        run.backends[stage.name] = backend
        span.set_attribute("codingintel.backend", backend)
        checkpoint = Checkpoint(
            stage.name, output.SerializeToString(), backend, duration_ms, degraded
        )
        following = STAGES[index + 1] if index + 1 < len(STAGES) else None
        if following is None:
            changed = await self.store.complete(
                run.report_id, self._assemble(run), checkpoint, owner=run.owner
            )
            if changed is not None:
                metrics.observe_finished(changed)
                log.info("complete", extra={"report_id": str(run.report_id)})
        elif stage.end_progress is not None:
            changed = await self._advance(
                run, stage.name, stage.end_progress, index + 1, checkpoint
            )
        else:
            changed = await self._advance(
                run, following.name, following.start_progress, index + 1, checkpoint
            )
        if changed is None:
            self._stopped(run, stage.name)
            return False
        return True

    @staticmethod
    def _stopped(run: Run, step: str) -> None:
        # The stage's result is discarded: the report was cancelled, or another run
        # took it over after this one's lease expired.
        log.info(
            "run stopped at a stage boundary",
            extra={"report_id": str(run.report_id), "step": step},
        )

    async def _call(self, stage: Stage, run: Run) -> tuple[Message, str]:
        """Run one stage; a backend error becomes StageFailed (its details are not kept:
        a backend's message could echo its input)."""
        outputs = run.outputs
        try:
            if stage.name == steps.PHI_DETECTION:
                phi = await self._unary(
                    self.phi.Deidentify,
                    phi_pb2.DeidentifyRequest(
                        notes=[
                            phi_pb2.Note(source=n.source, text=n.text) for n in run.encounter.notes
                        ],
                        known_identifiers=[
                            phi_pb2.KnownIdentifier(type=k.type, value=k.value)
                            for k in run.encounter.known_identifiers
                        ],
                    ),
                    self.config.phi_timeout_seconds,
                    run.report_id,
                )
                if len(phi.notes) != len(run.encounter.notes):
                    # Fail closed: a note the PHI service did not return is never sent on.
                    raise StageFailed(stage.name, grpc.StatusCode.INTERNAL)
                return phi, phi.backend
            if stage.name == steps.CLINICAL_FILTERING:
                filtered = await self._unary(
                    self.coding.FilterClinicalText,
                    coding_pb2.FilterClinicalTextRequest(
                        texts=[n.text for n in outputs[steps.PHI_DETECTION].notes]
                    ),
                    self.config.coding_timeout_seconds,
                    run.report_id,
                )
                return filtered, filtered.backend
            if stage.name == steps.ICD10_INFERENCE:
                icd10 = await self._unary(
                    self.coding.InferIcd10Codes,
                    coding_pb2.InferIcd10CodesRequest(
                        notes=outputs[steps.CLINICAL_FILTERING].notes, codings=self._codings(run)
                    ),
                    self.config.coding_timeout_seconds,
                    run.report_id,
                )
                return icd10, icd10.backend
            if stage.name == steps.SNOMED_INFERENCE:
                snomed = await self._unary(
                    self.coding.InferSnomedCodes,
                    coding_pb2.InferSnomedCodesRequest(
                        notes=outputs[steps.CLINICAL_FILTERING].notes, codings=self._codings(run)
                    ),
                    self.config.coding_timeout_seconds,
                    run.report_id,
                )
                return snomed, snomed.backend
            if stage.name == steps.CODE_INFERENCE:
                codes = consolidate(
                    list(outputs[steps.ICD10_INFERENCE].codes),
                    list(outputs[steps.SNOMED_INFERENCE].codes),
                )
                return codes, LOCAL_BACKEND
            note_texts = [n.text for n in outputs[steps.CLINICAL_FILTERING].notes]
            codes = outputs[steps.CODE_INFERENCE]
            if stage.name == steps.AI_CODING_ANALYSIS:
                coding = await self._unary(
                    self.analysis.AnalyzeCoding,
                    analysis_pb2.AnalyzeCodingRequest(
                        note_texts=note_texts,
                        icd10_codes=codes.icd10_codes,
                        snomed_codes=codes.snomed_codes,
                    ),
                    self.config.analysis_timeout_seconds,
                    run.report_id,
                )
                return coding, coding.backend
            quality = await self._unary(
                self.analysis.AnalyzeQuality,
                analysis_pb2.AnalyzeQualityRequest(
                    note_texts=note_texts,
                    icd10_codes=codes.icd10_codes,
                    snomed_codes=codes.snomed_codes,
                    coding_analysis=outputs[steps.AI_CODING_ANALYSIS].analysis,
                ),
                self.config.analysis_timeout_seconds,
                run.report_id,
            )
            return quality, quality.backend
        except grpc.aio.AioRpcError as exc:
            raise StageFailed(stage.name, exc.code()) from None

    @staticmethod
    async def _unary(
        method: Callable[..., Awaitable[Any]],
        request: Message,
        deadline_seconds: float,
        report_id: uuid.UUID,
    ) -> Any:
        # wait_for_ready: a backend that is restarting is waited for, within the deadline.
        # The report id (not PHI) goes along for the backends' logs.
        return await method(
            request,
            timeout=deadline_seconds,
            wait_for_ready=True,
            metadata=((REPORT_ID_METADATA, str(report_id)),),
        )

    @staticmethod
    def _codings(run: Run) -> list[coding_pb2.Coding]:
        return [
            coding_pb2.Coding(system=c.system, code=c.code, display=c.display)
            for c in run.encounter.codings
        ]

    @staticmethod
    def _fallback(stage: Stage, run: Run) -> Message:
        """What the pipeline goes on with when a degradable stage fails."""
        if stage.name == steps.CLINICAL_FILTERING:
            notes = run.outputs[steps.PHI_DETECTION].notes
            return coding_pb2.FilterClinicalTextResponse(
                notes=[
                    coding_pb2.ClinicalNote(
                        text=n.text, segments=[coding_pb2.TextSegment(start=0, end=len(n.text))]
                    )
                    for n in notes
                ],
                backend="none",
            )
        if stage.name == steps.ICD10_INFERENCE:
            return coding_pb2.InferIcd10CodesResponse(
                codes=_fhir_codes(run.encounter, fhir.ICD10CM_SYSTEM), backend="none"
            )
        if stage.name == steps.SNOMED_INFERENCE:
            return coding_pb2.InferSnomedCodesResponse(
                codes=_fhir_codes(run.encounter, fhir.SNOMED_SYSTEM), backend="none"
            )
        raise AssertionError(f"{stage.name} has no fallback")

    @staticmethod
    def _assemble(run: Run) -> reports_pb2.ReportResult:
        codes = run.outputs[steps.CODE_INFERENCE]
        return reports_pb2.ReportResult(
            notes=run.outputs[steps.PHI_DETECTION].notes,
            icd10_codes=codes.icd10_codes,
            snomed_codes=codes.snomed_codes,
            coding_analysis=run.outputs[steps.AI_CODING_ANALYSIS].analysis,
            quality_analysis=run.outputs[steps.AI_QUALITY_ANALYSIS].analysis,
            backends=run.backends,
            degraded_steps=run.degraded,
        )

    async def _fail(
        self,
        report_id: uuid.UUID,
        code: int,
        message: str,
        step: str,
        attempt: int,
        *,
        owner: str | None = None,
        reason: str = "STEP_FAILED",
    ) -> None:
        """FAILED with a PHI-free message and structured details."""
        code_name = code_pb2.Code.Name(code) if code in code_pb2.Code.values() else str(code)
        status: status_pb2.Status = errors.error_info(
            code,
            message,
            reason,
            {
                "step": step,
                "attempt": str(attempt),
                "backend": STAGE_BACKENDS.get(step, ""),
                "grpc_code": code_name,
                "failed_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            },
        )
        failed = await self.store.fail(report_id, status, step=step, owner=owner)
        if failed is not None:
            metrics.observe_finished(failed)
            metrics.REPORTS_FAILED.labels(step or "none", reason).inc()
            log.warning(
                "failed",
                extra={
                    "report_id": str(report_id),
                    "step": step,
                    "attempt": attempt,
                    "reason": reason,
                },
            )
