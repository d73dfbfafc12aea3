"""The queue contract between the gateway (producer) and the orchestrator (consumer).

A message carries a report id and nothing else: never PHI. The gateway enqueues by
name, so it does not import the orchestrator.
"""

from __future__ import annotations

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker

PROCESS_REPORT_ACTOR = "process_report"


def make_broker(redis_url: str) -> RedisBroker:
    # Short socket timeouts: with Redis down a send fails fast (the report waits in the
    # outbox) instead of hanging the caller.
    client = redis.Redis.from_url(
        redis_url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=15
    )
    return RedisBroker(client=client)


def enqueue_report(
    broker: RedisBroker, queue_name: str, report_id: str, delay_ms: int | None = None
) -> str:
    """Send one message for the report (after `delay_ms`, if given); answers its id."""
    message: dramatiq.Message[None] = dramatiq.Message(
        queue_name=queue_name,
        actor_name=PROCESS_REPORT_ACTOR,
        args=(report_id,),
        kwargs={},
        options={},
    )
    return str(broker.enqueue(message, delay=delay_ms).message_id)
