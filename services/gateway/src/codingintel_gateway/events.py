"""One Postgres LISTEN connection per gateway process, fanned out to every watcher.

Why LISTEN/NOTIFY rather than Redis pub/sub: the notification is sent by the same
transaction that commits the change, so it exists exactly when the change does and
is delivered only after commit. A notification is still only a wake-up: watchers
read the versions they have not seen from report_events (batch_events for a batch),
so one lost while the connection was down costs nothing; on every (re)connect all
watchers are woken to catch up. A notification's payload is "<key>:<version>": the key
is a report's id, or "batch/<id>" for a batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar, cast

import psycopg

from codingintel.store import EVENTS_CHANNEL

log = logging.getLogger(__name__)

LISTENER_APPLICATION_NAME = "codingintel-gateway-listener"


class Subscription:
    """A watcher's wake-up flag for one report or batch."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.changed = asyncio.Event()


class EventHub:
    def __init__(self, database_url: str, reconnect_delay: float = 0.5) -> None:
        self.database_url = database_url
        self.reconnect_delay = reconnect_delay
        self.subscriptions: defaultdict[str, set[Subscription]] = defaultdict(set)
        self.connected = asyncio.Event()
        # Wake-ups delivered so far (notifications and reconnects), for SharedReads.
        self.wakeups = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="event-hub")
        await self.connected.wait()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def subscribe(self, key: str) -> Subscription:
        """Wake-ups for a report (its id) or a batch (store.batch_key)."""
        subscription = Subscription(key)
        self.subscriptions[key].add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        watchers = self.subscriptions.get(subscription.key)
        if watchers is not None:
            watchers.discard(subscription)
            if not watchers:
                del self.subscriptions[subscription.key]

    def _wake_all(self) -> None:
        self.wakeups += 1
        for watchers in self.subscriptions.values():
            for subscription in watchers:
                subscription.changed.set()

    async def _run(self) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self.database_url, autocommit=True, application_name=LISTENER_APPLICATION_NAME
                ) as conn:
                    await conn.execute(f"LISTEN {EVENTS_CHANNEL}")
                    self.connected.set()
                    # Anything committed while we were not listening is in the table.
                    self._wake_all()
                    log.info("listening for report events")
                    async for notify in conn.notifies():
                        key = notify.payload.rsplit(":", 1)[0]
                        self.wakeups += 1
                        for subscription in self.subscriptions.get(key, ()):
                            subscription.changed.set()
            except psycopg.Error as exc:
                self.connected.clear()
                log.warning(
                    "event listener lost its connection", extra={"error": type(exc).__name__}
                )
                await asyncio.sleep(self.reconnect_delay)


T = TypeVar("T")


class SharedReads:
    """One read for every watcher of the same thing woken by the same notification.

    Ten watchers of a report all wake on its notification and all need the versions
    after the same one; the first starts the query and the others await its answer.
    A watcher may join a read only if the read began after every wake-up the watcher
    has consumed (`since`, the hub's count when it cleared its flag): such a read sees
    every change those notifications announced, because a notification is sent only
    after its transaction commits.
    """

    def __init__(self, hub: EventHub) -> None:
        self.hub = hub
        self.reads: dict[Hashable, tuple[int, asyncio.Future[Any]]] = {}

    async def read(self, key: Hashable, since: int, load: Callable[[], Awaitable[T]]) -> T:
        found = self.reads.get(key)
        if found is None or found[0] < since:
            future: asyncio.Future[T] = asyncio.ensure_future(load())
            found = (self.hub.wakeups, future)
            self.reads[key] = found

            def forget(
                _: asyncio.Future[T], entry: tuple[int, asyncio.Future[Any]] = found
            ) -> None:
                if self.reads.get(key) is entry:
                    del self.reads[key]

            future.add_done_callback(forget)
        # Shielded: a watcher that goes away does not cancel the others' read.
        return cast(T, await asyncio.shield(found[1]))
