"""The gateway's shared reads: watchers woken together share one query, and never one
that began before a wake-up they have consumed."""

from __future__ import annotations

import asyncio

from codingintel_gateway.events import EventHub, SharedReads


async def test_watchers_woken_together_share_one_read_and_later_wakeups_read_again() -> None:
    hub = EventHub("postgresql://unused")
    reads = SharedReads(hub)
    loads = 0
    release = asyncio.Event()

    async def load() -> list[int]:
        nonlocal loads
        loads += 1
        number = loads
        await release.wait()
        return [number]

    hub.wakeups = 5
    first = asyncio.create_task(reads.read("r", 5, load))
    second = asyncio.create_task(reads.read("r", 5, load))
    await asyncio.sleep(0)
    # A watcher that consumed a later wake-up must not join a read that began before it.
    hub.wakeups = 6
    later = asyncio.create_task(reads.read("r", 6, load))
    other_key = asyncio.create_task(reads.read("s", 6, load))
    await asyncio.sleep(0)
    release.set()
    assert await first == await second == [1]
    assert await later == [2] and await other_key == [3]
    assert loads == 3
    assert reads.reads == {}  # finished reads are forgotten


async def test_a_watcher_that_leaves_does_not_cancel_the_others_read() -> None:
    hub = EventHub("postgresql://unused")
    reads = SharedReads(hub)
    release = asyncio.Event()

    async def load() -> str:
        await release.wait()
        return "versions"

    leaving = asyncio.create_task(reads.read("r", 0, load))
    staying = asyncio.create_task(reads.read("r", 0, load))
    await asyncio.sleep(0)
    leaving.cancel()
    release.set()
    assert await staying == "versions"
