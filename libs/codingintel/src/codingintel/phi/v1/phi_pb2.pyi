from codingintel.reports.v1 import reports_pb2 as _reports_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeidentifyRequest(_message.Message):
    __slots__ = ("notes", "known_identifiers")
    NOTES_FIELD_NUMBER: _ClassVar[int]
    KNOWN_IDENTIFIERS_FIELD_NUMBER: _ClassVar[int]
    notes: _containers.RepeatedCompositeFieldContainer[Note]
    known_identifiers: _containers.RepeatedCompositeFieldContainer[KnownIdentifier]
    def __init__(self, notes: _Optional[_Iterable[_Union[Note, _Mapping]]] = ..., known_identifiers: _Optional[_Iterable[_Union[KnownIdentifier, _Mapping]]] = ...) -> None: ...

class Note(_message.Message):
    __slots__ = ("source", "text")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    source: str
    text: str
    def __init__(self, source: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class KnownIdentifier(_message.Message):
    __slots__ = ("type", "value")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    type: str
    value: str
    def __init__(self, type: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class DeidentifyResponse(_message.Message):
    __slots__ = ("notes", "backend")
    NOTES_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    notes: _containers.RepeatedCompositeFieldContainer[_reports_pb2.DeidentifiedNote]
    backend: str
    def __init__(self, notes: _Optional[_Iterable[_Union[_reports_pb2.DeidentifiedNote, _Mapping]]] = ..., backend: _Optional[str] = ...) -> None: ...
