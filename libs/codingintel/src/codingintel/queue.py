"""The queue contract between the gateway (producer) and the orchestrator (consumer).

A message carries a report id and nothing else: never PHI. The gateway enqueues by
name, so it does not import the orchestrator.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker

PROCESS_REPORT_ACTOR = "process_report"


def make_broker(redis_url: str) -> RedisBroker:
    return RedisBroker(url=redis_url)


def enqueue_report(broker: RedisBroker, queue_name: str, report_id: str) -> str:
    """Send one message for the report; answers the message id."""
    message: dramatiq.Message[None] = dramatiq.Message(
        queue_name=queue_name,
        actor_name=PROCESS_REPORT_ACTOR,
        args=(report_id,),
        kwargs={},
        options={},
    )
    return str(broker.enqueue(message).message_id)
