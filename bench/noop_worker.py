"""The engine baseline: a bare Dramatiq worker with a no-op async actor, on the same
Redis with the same threads, idle poll and AsyncIO middleware as the orchestrator.

`python bench/noop_worker.py REDIS_URL QUEUE MESSAGES THREADS IDLE_POLL_MS` enqueues
MESSAGES messages, starts the worker, and once every message is processed prints one
JSON line: the time the first run began and the last one ended.
"""

from __future__ import annotations

import json
import sys
import threading
import time

import dramatiq
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware.asyncio import AsyncIO

redis_url, queue_name = sys.argv[1], sys.argv[2]
messages, threads, idle_poll_ms = (int(v) for v in sys.argv[3:6])

broker = RedisBroker(url=redis_url)
broker.add_middleware(AsyncIO())
dramatiq.set_broker(broker)

first: list[float] = []
last: list[float] = []
finished = threading.Event()


@dramatiq.actor(queue_name=queue_name, max_retries=0)
async def noop(index: int) -> None:
    if not first:
        first.append(time.time())
    last.append(time.time())
    if len(last) == messages:
        finished.set()


def main() -> None:
    for index in range(messages):
        noop.send(index)
    worker = Worker(
        broker, queues={queue_name}, worker_threads=threads, worker_timeout=idle_poll_ms
    )
    broker.emit_after("process_boot")
    worker.start()
    finished.wait(600)
    worker.stop()
    broker.client.delete(f"dramatiq:{queue_name}", f"dramatiq:{queue_name}.msgs")
    print(json.dumps({"first": first[0], "last": max(last), "processed": len(last)}), flush=True)


if __name__ == "__main__":
    main()
