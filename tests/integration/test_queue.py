from __future__ import annotations

import json
import uuid

import redis

from codingintel import queue

from ..support import REDIS_URL


def test_a_queue_message_carries_the_report_id_and_nothing_else() -> None:
    queue_name = f"test_{uuid.uuid4().hex[:8]}"
    broker = queue.make_broker(REDIS_URL)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        report_id = str(uuid.uuid4())
        queue.enqueue_report(broker, queue_name, report_id)
        waiting = client.lrange(f"dramatiq:{queue_name}", 0, -1)
        assert len(waiting) == 1
        body = json.loads(client.hget(f"dramatiq:{queue_name}.msgs", waiting[0]))  # type: ignore[arg-type]
        assert body["actor_name"] == queue.PROCESS_REPORT_ACTOR
        assert body["args"] == [report_id] and body["kwargs"] == {}
    finally:
        client.delete(f"dramatiq:{queue_name}", f"dramatiq:{queue_name}.msgs")
        broker.close()
        client.close()
