from codingintel.reports.v1 import reports_pb2 as _reports_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AnalyzeCodingRequest(_message.Message):
    __slots__ = ("note_texts", "icd10_codes", "snomed_codes")
    NOTE_TEXTS_FIELD_NUMBER: _ClassVar[int]
    ICD10_CODES_FIELD_NUMBER: _ClassVar[int]
    SNOMED_CODES_FIELD_NUMBER: _ClassVar[int]
    note_texts: _containers.RepeatedScalarFieldContainer[str]
    icd10_codes: _containers.RepeatedCompositeFieldContainer[_reports_pb2.CodeSuggestion]
    snomed_codes: _containers.RepeatedCompositeFieldContainer[_reports_pb2.CodeSuggestion]
    def __init__(self, note_texts: _Optional[_Iterable[str]] = ..., icd10_codes: _Optional[_Iterable[_Union[_reports_pb2.CodeSuggestion, _Mapping]]] = ..., snomed_codes: _Optional[_Iterable[_Union[_reports_pb2.CodeSuggestion, _Mapping]]] = ...) -> None: ...

class AnalyzeCodingResponse(_message.Message):
    __slots__ = ("analysis", "backend")
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    analysis: _reports_pb2.CodingAnalysis
    backend: str
    def __init__(self, analysis: _Optional[_Union[_reports_pb2.CodingAnalysis, _Mapping]] = ..., backend: _Optional[str] = ...) -> None: ...

class AnalyzeQualityRequest(_message.Message):
    __slots__ = ("note_texts", "icd10_codes", "snomed_codes", "coding_analysis")
    NOTE_TEXTS_FIELD_NUMBER: _ClassVar[int]
    ICD10_CODES_FIELD_NUMBER: _ClassVar[int]
    SNOMED_CODES_FIELD_NUMBER: _ClassVar[int]
    CODING_ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    note_texts: _containers.RepeatedScalarFieldContainer[str]
    icd10_codes: _containers.RepeatedCompositeFieldContainer[_reports_pb2.CodeSuggestion]
    snomed_codes: _containers.RepeatedCompositeFieldContainer[_reports_pb2.CodeSuggestion]
    coding_analysis: _reports_pb2.CodingAnalysis
    def __init__(self, note_texts: _Optional[_Iterable[str]] = ..., icd10_codes: _Optional[_Iterable[_Union[_reports_pb2.CodeSuggestion, _Mapping]]] = ..., snomed_codes: _Optional[_Iterable[_Union[_reports_pb2.CodeSuggestion, _Mapping]]] = ..., coding_analysis: _Optional[_Union[_reports_pb2.CodingAnalysis, _Mapping]] = ...) -> None: ...

class AnalyzeQualityResponse(_message.Message):
    __slots__ = ("analysis", "backend")
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    analysis: _reports_pb2.QualityAnalysis
    backend: str
    def __init__(self, analysis: _Optional[_Union[_reports_pb2.QualityAnalysis, _Mapping]] = ..., backend: _Optional[str] = ...) -> None: ...
