import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.rpc import status_pb2 as _status_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReportState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_STATE_UNSPECIFIED: _ClassVar[ReportState]
    REPORT_STATE_PENDING: _ClassVar[ReportState]
    REPORT_STATE_PROCESSING: _ClassVar[ReportState]
    REPORT_STATE_COMPLETE: _ClassVar[ReportState]
    REPORT_STATE_FAILED: _ClassVar[ReportState]
    REPORT_STATE_CANCELLED: _ClassVar[ReportState]

class CodeSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CODE_SOURCE_UNSPECIFIED: _ClassVar[CodeSource]
    CODE_SOURCE_NOTE: _ClassVar[CodeSource]
    CODE_SOURCE_FHIR: _ClassVar[CodeSource]

class Severity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEVERITY_UNSPECIFIED: _ClassVar[Severity]
    SEVERITY_INFO: _ClassVar[Severity]
    SEVERITY_WARNING: _ClassVar[Severity]
    SEVERITY_ERROR: _ClassVar[Severity]
REPORT_STATE_UNSPECIFIED: ReportState
REPORT_STATE_PENDING: ReportState
REPORT_STATE_PROCESSING: ReportState
REPORT_STATE_COMPLETE: ReportState
REPORT_STATE_FAILED: ReportState
REPORT_STATE_CANCELLED: ReportState
CODE_SOURCE_UNSPECIFIED: CodeSource
CODE_SOURCE_NOTE: CodeSource
CODE_SOURCE_FHIR: CodeSource
SEVERITY_UNSPECIFIED: Severity
SEVERITY_INFO: Severity
SEVERITY_WARNING: Severity
SEVERITY_ERROR: Severity

class GetReportByEncounterRequest(_message.Message):
    __slots__ = ("encounter_id",)
    ENCOUNTER_ID_FIELD_NUMBER: _ClassVar[int]
    encounter_id: str
    def __init__(self, encounter_id: _Optional[str] = ...) -> None: ...

class ListReportsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "state", "encounter_id", "create_time_after", "create_time_before", "batch_id")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ENCOUNTER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_BEFORE_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    state: ReportState
    encounter_id: str
    create_time_after: _timestamp_pb2.Timestamp
    create_time_before: _timestamp_pb2.Timestamp
    batch_id: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., state: _Optional[_Union[ReportState, str]] = ..., encounter_id: _Optional[str] = ..., create_time_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., batch_id: _Optional[str] = ...) -> None: ...

class ListReportsResponse(_message.Message):
    __slots__ = ("reports", "next_page_token")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[Report]
    next_page_token: str
    def __init__(self, reports: _Optional[_Iterable[_Union[Report, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DeleteReportRequest(_message.Message):
    __slots__ = ("report_id",)
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    def __init__(self, report_id: _Optional[str] = ...) -> None: ...

class DeleteReportResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSystemStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetSystemStatusResponse(_message.Message):
    __slots__ = ("queue_depth", "processing_count", "pending_count", "live_workers", "completed_last_hour", "failed_last_hour", "failure_rate_last_hour")
    QUEUE_DEPTH_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_COUNT_FIELD_NUMBER: _ClassVar[int]
    PENDING_COUNT_FIELD_NUMBER: _ClassVar[int]
    LIVE_WORKERS_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_LAST_HOUR_FIELD_NUMBER: _ClassVar[int]
    FAILED_LAST_HOUR_FIELD_NUMBER: _ClassVar[int]
    FAILURE_RATE_LAST_HOUR_FIELD_NUMBER: _ClassVar[int]
    queue_depth: int
    processing_count: int
    pending_count: int
    live_workers: int
    completed_last_hour: int
    failed_last_hour: int
    failure_rate_last_hour: float
    def __init__(self, queue_depth: _Optional[int] = ..., processing_count: _Optional[int] = ..., pending_count: _Optional[int] = ..., live_workers: _Optional[int] = ..., completed_last_hour: _Optional[int] = ..., failed_last_hour: _Optional[int] = ..., failure_rate_last_hour: _Optional[float] = ...) -> None: ...

class CancelReportRequest(_message.Message):
    __slots__ = ("report_id",)
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    def __init__(self, report_id: _Optional[str] = ...) -> None: ...

class FailedReportFilter(_message.Message):
    __slots__ = ("step", "error_code", "failed_after", "failed_before")
    STEP_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    FAILED_AFTER_FIELD_NUMBER: _ClassVar[int]
    FAILED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    step: str
    error_code: int
    failed_after: _timestamp_pb2.Timestamp
    failed_before: _timestamp_pb2.Timestamp
    def __init__(self, step: _Optional[str] = ..., error_code: _Optional[int] = ..., failed_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failed_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListFailedReportsRequest(_message.Message):
    __slots__ = ("filter", "page_size", "page_token")
    FILTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    filter: FailedReportFilter
    page_size: int
    page_token: str
    def __init__(self, filter: _Optional[_Union[FailedReportFilter, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListFailedReportsResponse(_message.Message):
    __slots__ = ("reports", "next_page_token")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[Report]
    next_page_token: str
    def __init__(self, reports: _Optional[_Iterable[_Union[Report, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RetryReportRequest(_message.Message):
    __slots__ = ("report_id",)
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    def __init__(self, report_id: _Optional[str] = ...) -> None: ...

class BulkRetryFailedReportsRequest(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: FailedReportFilter
    def __init__(self, filter: _Optional[_Union[FailedReportFilter, _Mapping]] = ...) -> None: ...

class BulkRetryFailedReportsResponse(_message.Message):
    __slots__ = ("requeued_count",)
    REQUEUED_COUNT_FIELD_NUMBER: _ClassVar[int]
    requeued_count: int
    def __init__(self, requeued_count: _Optional[int] = ...) -> None: ...

class GetFailureStatisticsRequest(_message.Message):
    __slots__ = ("window_seconds",)
    WINDOW_SECONDS_FIELD_NUMBER: _ClassVar[int]
    window_seconds: int
    def __init__(self, window_seconds: _Optional[int] = ...) -> None: ...

class GetFailureStatisticsResponse(_message.Message):
    __slots__ = ("window_seconds", "completed_count", "failed_count", "cancelled_count", "failure_rate", "retry_success_rate", "failures_by_step", "failures_by_code")
    class FailuresByStepEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class FailuresByCodeEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    WINDOW_SECONDS_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILED_COUNT_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILURE_RATE_FIELD_NUMBER: _ClassVar[int]
    RETRY_SUCCESS_RATE_FIELD_NUMBER: _ClassVar[int]
    FAILURES_BY_STEP_FIELD_NUMBER: _ClassVar[int]
    FAILURES_BY_CODE_FIELD_NUMBER: _ClassVar[int]
    window_seconds: int
    completed_count: int
    failed_count: int
    cancelled_count: int
    failure_rate: float
    retry_success_rate: float
    failures_by_step: _containers.ScalarMap[str, int]
    failures_by_code: _containers.ScalarMap[str, int]
    def __init__(self, window_seconds: _Optional[int] = ..., completed_count: _Optional[int] = ..., failed_count: _Optional[int] = ..., cancelled_count: _Optional[int] = ..., failure_rate: _Optional[float] = ..., retry_success_rate: _Optional[float] = ..., failures_by_step: _Optional[_Mapping[str, int]] = ..., failures_by_code: _Optional[_Mapping[str, int]] = ...) -> None: ...

class CreateReportRequest(_message.Message):
    __slots__ = ("request_id", "fhir_bundle")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    FHIR_BUNDLE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    fhir_bundle: bytes
    def __init__(self, request_id: _Optional[str] = ..., fhir_bundle: _Optional[bytes] = ...) -> None: ...

class CreateBatchRequest(_message.Message):
    __slots__ = ("request_id", "entries")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    entries: _containers.RepeatedCompositeFieldContainer[CreateReportRequest]
    def __init__(self, request_id: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[CreateReportRequest, _Mapping]]] = ...) -> None: ...

class GetBatchRequest(_message.Message):
    __slots__ = ("batch_id",)
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    def __init__(self, batch_id: _Optional[str] = ...) -> None: ...

class WatchBatchRequest(_message.Message):
    __slots__ = ("batch_id", "after_version")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    after_version: int
    def __init__(self, batch_id: _Optional[str] = ..., after_version: _Optional[int] = ...) -> None: ...

class WatchBatchResponse(_message.Message):
    __slots__ = ("batch",)
    BATCH_FIELD_NUMBER: _ClassVar[int]
    batch: Batch
    def __init__(self, batch: _Optional[_Union[Batch, _Mapping]] = ...) -> None: ...

class Batch(_message.Message):
    __slots__ = ("batch_id", "version", "create_time", "total_count", "pending_count", "processing_count", "complete_count", "failed_count", "cancelled_count", "progress_percent", "estimated_time_remaining_ms", "done", "report_ids")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    TOTAL_COUNT_FIELD_NUMBER: _ClassVar[int]
    PENDING_COUNT_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILED_COUNT_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_COUNT_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_PERCENT_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_TIME_REMAINING_MS_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    REPORT_IDS_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    version: int
    create_time: _timestamp_pb2.Timestamp
    total_count: int
    pending_count: int
    processing_count: int
    complete_count: int
    failed_count: int
    cancelled_count: int
    progress_percent: int
    estimated_time_remaining_ms: int
    done: bool
    report_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, batch_id: _Optional[str] = ..., version: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., total_count: _Optional[int] = ..., pending_count: _Optional[int] = ..., processing_count: _Optional[int] = ..., complete_count: _Optional[int] = ..., failed_count: _Optional[int] = ..., cancelled_count: _Optional[int] = ..., progress_percent: _Optional[int] = ..., estimated_time_remaining_ms: _Optional[int] = ..., done: _Optional[bool] = ..., report_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetReportRequest(_message.Message):
    __slots__ = ("report_id",)
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    def __init__(self, report_id: _Optional[str] = ...) -> None: ...

class WatchReportRequest(_message.Message):
    __slots__ = ("report_id", "after_version")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    after_version: int
    def __init__(self, report_id: _Optional[str] = ..., after_version: _Optional[int] = ...) -> None: ...

class WatchReportResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: Report
    def __init__(self, report: _Optional[_Union[Report, _Mapping]] = ...) -> None: ...

class Report(_message.Message):
    __slots__ = ("report_id", "encounter_id", "state", "progress_percent", "current_step", "version", "create_time", "processing_start_time", "processing_complete_time", "processing_time_ms", "estimated_time_remaining_ms", "attempt_count", "error", "result", "purge_time")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    ENCOUNTER_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_PERCENT_FIELD_NUMBER: _ClassVar[int]
    CURRENT_STEP_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_START_TIME_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_COMPLETE_TIME_FIELD_NUMBER: _ClassVar[int]
    PROCESSING_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_TIME_REMAINING_MS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_COUNT_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    PURGE_TIME_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    encounter_id: str
    state: ReportState
    progress_percent: int
    current_step: str
    version: int
    create_time: _timestamp_pb2.Timestamp
    processing_start_time: _timestamp_pb2.Timestamp
    processing_complete_time: _timestamp_pb2.Timestamp
    processing_time_ms: int
    estimated_time_remaining_ms: int
    attempt_count: int
    error: _status_pb2.Status
    result: ReportResult
    purge_time: _timestamp_pb2.Timestamp
    def __init__(self, report_id: _Optional[str] = ..., encounter_id: _Optional[str] = ..., state: _Optional[_Union[ReportState, str]] = ..., progress_percent: _Optional[int] = ..., current_step: _Optional[str] = ..., version: _Optional[int] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., processing_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., processing_complete_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., processing_time_ms: _Optional[int] = ..., estimated_time_remaining_ms: _Optional[int] = ..., attempt_count: _Optional[int] = ..., error: _Optional[_Union[_status_pb2.Status, _Mapping]] = ..., result: _Optional[_Union[ReportResult, _Mapping]] = ..., purge_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReportResult(_message.Message):
    __slots__ = ("notes", "icd10_codes", "snomed_codes", "coding_analysis", "quality_analysis", "backends", "degraded_steps")
    class BackendsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NOTES_FIELD_NUMBER: _ClassVar[int]
    ICD10_CODES_FIELD_NUMBER: _ClassVar[int]
    SNOMED_CODES_FIELD_NUMBER: _ClassVar[int]
    CODING_ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    QUALITY_ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    BACKENDS_FIELD_NUMBER: _ClassVar[int]
    DEGRADED_STEPS_FIELD_NUMBER: _ClassVar[int]
    notes: _containers.RepeatedCompositeFieldContainer[DeidentifiedNote]
    icd10_codes: _containers.RepeatedCompositeFieldContainer[CodeSuggestion]
    snomed_codes: _containers.RepeatedCompositeFieldContainer[CodeSuggestion]
    coding_analysis: CodingAnalysis
    quality_analysis: QualityAnalysis
    backends: _containers.ScalarMap[str, str]
    degraded_steps: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, notes: _Optional[_Iterable[_Union[DeidentifiedNote, _Mapping]]] = ..., icd10_codes: _Optional[_Iterable[_Union[CodeSuggestion, _Mapping]]] = ..., snomed_codes: _Optional[_Iterable[_Union[CodeSuggestion, _Mapping]]] = ..., coding_analysis: _Optional[_Union[CodingAnalysis, _Mapping]] = ..., quality_analysis: _Optional[_Union[QualityAnalysis, _Mapping]] = ..., backends: _Optional[_Mapping[str, str]] = ..., degraded_steps: _Optional[_Iterable[str]] = ...) -> None: ...

class DeidentifiedNote(_message.Message):
    __slots__ = ("source", "text", "phi_entities")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    PHI_ENTITIES_FIELD_NUMBER: _ClassVar[int]
    source: str
    text: str
    phi_entities: _containers.RepeatedCompositeFieldContainer[PhiEntity]
    def __init__(self, source: _Optional[str] = ..., text: _Optional[str] = ..., phi_entities: _Optional[_Iterable[_Union[PhiEntity, _Mapping]]] = ...) -> None: ...

class PhiEntity(_message.Message):
    __slots__ = ("type", "original_start", "original_end", "start", "end")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_START_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_END_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    type: str
    original_start: int
    original_end: int
    start: int
    end: int
    def __init__(self, type: _Optional[str] = ..., original_start: _Optional[int] = ..., original_end: _Optional[int] = ..., start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class CodeSuggestion(_message.Message):
    __slots__ = ("code", "display", "score", "source", "evidence")
    CODE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    code: str
    display: str
    score: float
    source: CodeSource
    evidence: EvidenceSpan
    def __init__(self, code: _Optional[str] = ..., display: _Optional[str] = ..., score: _Optional[float] = ..., source: _Optional[_Union[CodeSource, str]] = ..., evidence: _Optional[_Union[EvidenceSpan, _Mapping]] = ...) -> None: ...

class EvidenceSpan(_message.Message):
    __slots__ = ("note_index", "start", "end", "text")
    NOTE_INDEX_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    note_index: int
    start: int
    end: int
    text: str
    def __init__(self, note_index: _Optional[int] = ..., start: _Optional[int] = ..., end: _Optional[int] = ..., text: _Optional[str] = ...) -> None: ...

class CodingAnalysis(_message.Message):
    __slots__ = ("supported_codes", "unsupported_codes", "missed_codes", "specificity_opportunities", "summary", "sequencing_notes", "prompt_version", "token_usage")
    SUPPORTED_CODES_FIELD_NUMBER: _ClassVar[int]
    UNSUPPORTED_CODES_FIELD_NUMBER: _ClassVar[int]
    MISSED_CODES_FIELD_NUMBER: _ClassVar[int]
    SPECIFICITY_OPPORTUNITIES_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    SEQUENCING_NOTES_FIELD_NUMBER: _ClassVar[int]
    PROMPT_VERSION_FIELD_NUMBER: _ClassVar[int]
    TOKEN_USAGE_FIELD_NUMBER: _ClassVar[int]
    supported_codes: _containers.RepeatedScalarFieldContainer[str]
    unsupported_codes: _containers.RepeatedScalarFieldContainer[str]
    missed_codes: _containers.RepeatedScalarFieldContainer[str]
    specificity_opportunities: _containers.RepeatedCompositeFieldContainer[SpecificityOpportunity]
    summary: str
    sequencing_notes: _containers.RepeatedCompositeFieldContainer[SequencingNote]
    prompt_version: str
    token_usage: TokenUsage
    def __init__(self, supported_codes: _Optional[_Iterable[str]] = ..., unsupported_codes: _Optional[_Iterable[str]] = ..., missed_codes: _Optional[_Iterable[str]] = ..., specificity_opportunities: _Optional[_Iterable[_Union[SpecificityOpportunity, _Mapping]]] = ..., summary: _Optional[str] = ..., sequencing_notes: _Optional[_Iterable[_Union[SequencingNote, _Mapping]]] = ..., prompt_version: _Optional[str] = ..., token_usage: _Optional[_Union[TokenUsage, _Mapping]] = ...) -> None: ...

class SpecificityOpportunity(_message.Message):
    __slots__ = ("code", "suggestion", "suggested_codes")
    CODE_FIELD_NUMBER: _ClassVar[int]
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_CODES_FIELD_NUMBER: _ClassVar[int]
    code: str
    suggestion: str
    suggested_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., suggestion: _Optional[str] = ..., suggested_codes: _Optional[_Iterable[str]] = ...) -> None: ...

class SequencingNote(_message.Message):
    __slots__ = ("code", "position", "rationale")
    CODE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    RATIONALE_FIELD_NUMBER: _ClassVar[int]
    code: str
    position: int
    rationale: str
    def __init__(self, code: _Optional[str] = ..., position: _Optional[int] = ..., rationale: _Optional[str] = ...) -> None: ...

class TokenUsage(_message.Message):
    __slots__ = ("prompt_tokens", "completion_tokens", "total_tokens", "calls")
    PROMPT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_TOKENS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_TOKENS_FIELD_NUMBER: _ClassVar[int]
    CALLS_FIELD_NUMBER: _ClassVar[int]
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    calls: int
    def __init__(self, prompt_tokens: _Optional[int] = ..., completion_tokens: _Optional[int] = ..., total_tokens: _Optional[int] = ..., calls: _Optional[int] = ...) -> None: ...

class QualityAnalysis(_message.Message):
    __slots__ = ("findings", "summary", "prompt_version", "token_usage")
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    PROMPT_VERSION_FIELD_NUMBER: _ClassVar[int]
    TOKEN_USAGE_FIELD_NUMBER: _ClassVar[int]
    findings: _containers.RepeatedCompositeFieldContainer[QualityFinding]
    summary: str
    prompt_version: str
    token_usage: TokenUsage
    def __init__(self, findings: _Optional[_Iterable[_Union[QualityFinding, _Mapping]]] = ..., summary: _Optional[str] = ..., prompt_version: _Optional[str] = ..., token_usage: _Optional[_Union[TokenUsage, _Mapping]] = ...) -> None: ...

class QualityFinding(_message.Message):
    __slots__ = ("category", "severity", "text", "query", "related_codes")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    RELATED_CODES_FIELD_NUMBER: _ClassVar[int]
    category: str
    severity: Severity
    text: str
    query: str
    related_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, category: _Optional[str] = ..., severity: _Optional[_Union[Severity, str]] = ..., text: _Optional[str] = ..., query: _Optional[str] = ..., related_codes: _Optional[_Iterable[str]] = ...) -> None: ...
