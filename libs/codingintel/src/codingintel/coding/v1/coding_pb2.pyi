from codingintel.reports.v1 import reports_pb2 as _reports_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FilterClinicalTextRequest(_message.Message):
    __slots__ = ("texts",)
    TEXTS_FIELD_NUMBER: _ClassVar[int]
    texts: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, texts: _Optional[_Iterable[str]] = ...) -> None: ...

class FilterClinicalTextResponse(_message.Message):
    __slots__ = ("notes", "backend")
    NOTES_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    notes: _containers.RepeatedCompositeFieldContainer[ClinicalNote]
    backend: str
    def __init__(self, notes: _Optional[_Iterable[_Union[ClinicalNote, _Mapping]]] = ..., backend: _Optional[str] = ...) -> None: ...

class ClinicalNote(_message.Message):
    __slots__ = ("text", "segments")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    text: str
    segments: _containers.RepeatedCompositeFieldContainer[TextSegment]
    def __init__(self, text: _Optional[str] = ..., segments: _Optional[_Iterable[_Union[TextSegment, _Mapping]]] = ...) -> None: ...

class TextSegment(_message.Message):
    __slots__ = ("start", "end", "section")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    SECTION_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    section: str
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ..., section: _Optional[str] = ...) -> None: ...

class Coding(_message.Message):
    __slots__ = ("system", "code", "display")
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_FIELD_NUMBER: _ClassVar[int]
    system: str
    code: str
    display: str
    def __init__(self, system: _Optional[str] = ..., code: _Optional[str] = ..., display: _Optional[str] = ...) -> None: ...

class InferIcd10CodesRequest(_message.Message):
    __slots__ = ("notes", "codings")
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CODINGS_FIELD_NUMBER: _ClassVar[int]
    notes: _containers.RepeatedCompositeFieldContainer[ClinicalNote]
    codings: _containers.RepeatedCompositeFieldContainer[Coding]
    def __init__(self, notes: _Optional[_Iterable[_Union[ClinicalNote, _Mapping]]] = ..., codings: _Optional[_Iterable[_Union[Coding, _Mapping]]] = ...) -> None: ...

class InferIcd10CodesResponse(_message.Message):
    __slots__ = ("codes", "backend")
    CODES_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    codes: _containers.RepeatedCompositeFieldContainer[_reports_pb2.CodeSuggestion]
    backend: str
    def __init__(self, codes: _Optional[_Iterable[_Union[_reports_pb2.CodeSuggestion, _Mapping]]] = ..., backend: _Optional[str] = ...) -> None: ...

class InferSnomedCodesRequest(_message.Message):
    __slots__ = ("notes", "codings")
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CODINGS_FIELD_NUMBER: _ClassVar[int]
    notes: _containers.RepeatedCompositeFieldContainer[ClinicalNote]
    codings: _containers.RepeatedCompositeFieldContainer[Coding]
    def __init__(self, notes: _Optional[_Iterable[_Union[ClinicalNote, _Mapping]]] = ..., codings: _Optional[_Iterable[_Union[Coding, _Mapping]]] = ...) -> None: ...

class InferSnomedCodesResponse(_message.Message):
    __slots__ = ("codes", "backend")
    CODES_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    codes: _containers.RepeatedCompositeFieldContainer[_reports_pb2.CodeSuggestion]
    backend: str
    def __init__(self, codes: _Optional[_Iterable[_Union[_reports_pb2.CodeSuggestion, _Mapping]]] = ..., backend: _Optional[str] = ...) -> None: ...
