from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class GetWorkerStatusRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetWorkerStatusResponse(_message.Message):
    __slots__ = ("worker_id", "busy_threads", "total_threads", "reconciler_active", "store_reachable", "queue_reachable")
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    BUSY_THREADS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_THREADS_FIELD_NUMBER: _ClassVar[int]
    RECONCILER_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    STORE_REACHABLE_FIELD_NUMBER: _ClassVar[int]
    QUEUE_REACHABLE_FIELD_NUMBER: _ClassVar[int]
    worker_id: str
    busy_threads: int
    total_threads: int
    reconciler_active: bool
    store_reachable: bool
    queue_reachable: bool
    def __init__(self, worker_id: _Optional[str] = ..., busy_threads: _Optional[int] = ..., total_threads: _Optional[int] = ..., reconciler_active: _Optional[bool] = ..., store_reachable: _Optional[bool] = ..., queue_reachable: _Optional[bool] = ...) -> None: ...
