"""The public API locked down, over real processes: bearer tokens and scopes, tenant
isolation, listing with unforgeable page tokens, lookup by encounter, delete, system
status, and the audit trail."""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from pathlib import Path

import grpc
import psycopg
import pytest
import pytest_asyncio
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from codingintel import fhir
from codingintel.client import ReportsClient
from codingintel.reports.v1 import reports_pb2

from ..support import EXAMPLES, Suite

pytestmark = pytest.mark.asyncio(loop_scope="session")

TOKENS = {
    "acme-app": ("acme", ["reports"]),
    "acme-ops": ("acme", ["reports", "admin"]),
    "globex-app": ("globex", ["reports"]),
    "globex-ops": ("globex", ["reports", "admin"]),
}


@pytest.fixture(scope="module")
def secured(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    folder = tmp_path_factory.mktemp("secured")
    tokens = {
        "tokens": [
            {
                "sha256": hashlib.sha256(token.encode()).hexdigest(),
                "tenant": tenant,
                "scopes": scopes,
                "name": token,
            }
            for token, (tenant, scopes) in TOKENS.items()
        ]
    }
    (folder / "tokens.json").write_text(json.dumps(tokens))
    overrides = {
        "CODINGINTEL_AUTH_DISABLED": "false",
        "CODINGINTEL_AUTH_TOKENS_FILE": str(folder / "tokens.json"),
    }
    with Suite(database_url, folder, env_overrides=overrides) as suite:
        yield suite


@pytest_asyncio.fixture(loop_scope="session")
async def clients(secured: Suite) -> AsyncIterator[dict[str, ReportsClient]]:
    made = {name: ReportsClient(secured.gateway_addr, token=name) for name in TOKENS}
    made["none"] = ReportsClient(secured.gateway_addr, token="")
    made["forged"] = ReportsClient(secured.gateway_addr, token="acme-app-but-not-really")
    yield made
    for client in made.values():
        await client.close()


async def code_of(call: object) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call  # type: ignore[misc]
    return caught.value.code()


async def test_calls_need_a_valid_token_and_the_right_scope(
    secured: Suite, clients: dict[str, ReportsClient]
) -> None:
    bundle = EXAMPLES[0].read_bytes()
    assert await code_of(clients["none"].create(bundle)) == grpc.StatusCode.UNAUTHENTICATED
    assert await code_of(clients["forged"].create(bundle)) == grpc.StatusCode.UNAUTHENTICATED
    assert await code_of(clients["none"].get(str(uuid.uuid4()))) == grpc.StatusCode.UNAUTHENTICATED
    assert await code_of(clients["acme-app"].system_status()) == grpc.StatusCode.PERMISSION_DENIED
    assert (
        await code_of(clients["acme-app"].failure_statistics()) == grpc.StatusCode.PERMISSION_DENIED
    )
    status = await clients["acme-ops"].system_status()
    assert status.queue_depth >= 0 and status.live_workers >= 0
    # Health stays open for probes.
    with grpc.insecure_channel(secured.gateway_addr) as channel:
        health = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(), timeout=5
        )
        assert health.status == health_pb2.HealthCheckResponse.SERVING


async def test_another_tenants_report_is_not_found_everywhere(
    clients: dict[str, ReportsClient],
) -> None:
    acme, globex, globex_ops = clients["acme-app"], clients["globex-app"], clients["globex-ops"]
    created = await acme.create(EXAMPLES[1].read_bytes())
    report_id = created.report_id
    not_found = grpc.StatusCode.NOT_FOUND
    assert await code_of(globex.get(report_id)) == not_found
    assert await code_of(globex.cancel(report_id)) == not_found
    assert await code_of(globex.delete(report_id)) == not_found
    assert await code_of(globex_ops.retry(report_id)) == not_found
    assert await code_of(globex.get_by_encounter(created.encounter_id)) == not_found
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for _ in globex.watch(report_id):
            pass
    assert caught.value.code() == not_found
    listed = await globex.list(reports_pb2.ListReportsRequest(page_size=1000))
    assert report_id not in {r.report_id for r in listed.reports}
    assert (await acme.wait(report_id)).state == reports_pb2.REPORT_STATE_COMPLETE


async def test_idempotency_keys_are_per_tenant(clients: dict[str, ReportsClient]) -> None:
    request_id = f"nightly-{uuid.uuid4()}"
    bundle = EXAMPLES[2].read_bytes()
    acme = await clients["acme-app"].create(bundle, request_id=request_id)
    again = await clients["acme-app"].create(bundle, request_id=request_id)
    globex = await clients["globex-app"].create(bundle, request_id=request_id)
    assert acme.report_id == again.report_id != globex.report_id


async def test_list_pages_newest_first_and_tokens_cannot_be_forged_or_moved(
    clients: dict[str, ReportsClient],
) -> None:
    acme, globex = clients["acme-app"], clients["globex-app"]
    encounter_ids = set()
    for path in EXAMPLES[:5]:
        encounter_ids.add((await acme.create(path.read_bytes())).encounter_id)
    seen: list[reports_pb2.Report] = []
    token = ""
    while True:
        page = await acme.list(reports_pb2.ListReportsRequest(page_size=2, page_token=token))
        assert len(page.reports) <= 2
        seen.extend(page.reports)
        token = page.next_page_token
        if not token:
            break
    ids = [r.report_id for r in seen]
    assert len(ids) == len(set(ids)) >= 5
    times = [r.create_time.ToDatetime() for r in seen]
    assert times == sorted(times, reverse=True)
    first = await acme.list(reports_pb2.ListReportsRequest(page_size=1))
    token = first.next_page_token
    invalid = grpc.StatusCode.INVALID_ARGUMENT
    # Another tenant, other filters, or a changed token: all refused.
    assert (
        await code_of(globex.list(reports_pb2.ListReportsRequest(page_size=1, page_token=token)))
        == invalid
    )
    other_filter = reports_pb2.ListReportsRequest(
        page_size=1, page_token=token, state=reports_pb2.REPORT_STATE_FAILED
    )
    assert await code_of(acme.list(other_filter)) == invalid
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (
        await code_of(acme.list(reports_pb2.ListReportsRequest(page_size=1, page_token=forged)))
        == invalid
    )
    assert await code_of(acme.list(reports_pb2.ListReportsRequest(page_size=-1))) == invalid
    encounter = sorted(encounter_ids)[0]
    by_encounter = await acme.list(reports_pb2.ListReportsRequest(encounter_id=encounter))
    assert by_encounter.reports and {r.encounter_id for r in by_encounter.reports} == {encounter}
    latest = await acme.get_by_encounter(encounter)
    assert latest.report_id == by_encounter.reports[0].report_id
    assert await code_of(acme.get_by_encounter("no-such-encounter")) == grpc.StatusCode.NOT_FOUND


async def test_delete_purges_the_data_and_the_report_is_gone(
    clients: dict[str, ReportsClient], database_url: str
) -> None:
    acme = clients["acme-app"]
    created = await acme.create(EXAMPLES[3].read_bytes())
    done = await acme.wait(created.report_id)
    assert done.state == reports_pb2.REPORT_STATE_COMPLETE
    await acme.delete(done.report_id)
    assert await code_of(acme.get(done.report_id)) == grpc.StatusCode.NOT_FOUND
    assert await code_of(acme.delete(done.report_id)) == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for _ in acme.watch(done.report_id):
            pass
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    with psycopg.connect(database_url) as conn:
        for table in ("encounters", "report_events", "report_steps"):
            count = conn.execute(
                f"SELECT count(*) FROM {table} WHERE report_id = %s", (done.report_id,)
            ).fetchone()
            assert count == (0,), table
        tombstone = conn.execute(
            "SELECT deleted_at IS NOT NULL, result IS NULL FROM reports WHERE report_id = %s",
            (done.report_id,),
        ).fetchone()
        assert tombstone == (True, True)


async def test_every_call_is_audited_without_phi(
    clients: dict[str, ReportsClient], database_url: str
) -> None:
    acme = clients["acme-app"]
    created = await acme.create(EXAMPLES[0].read_bytes())
    await acme.get(created.report_id)
    await code_of(clients["acme-app"].system_status())
    await asyncio.sleep(0.2)
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT tenant_id, principal, method, status_code FROM audit_log WHERE report_id = %s"
            " ORDER BY id",
            (created.report_id,),
        ).fetchall()
        denied = conn.execute(
            "SELECT count(*) FROM audit_log WHERE method = 'GetSystemStatus'"
            " AND status_code = 'PERMISSION_DENIED' AND principal = 'acme-app'"
        ).fetchone()
        everything = " ".join(str(r) for r in conn.execute("SELECT * FROM audit_log"))
    assert ("acme", "acme-app", "GetReport", "OK") in rows
    assert denied is not None and denied[0] >= 1
    for identifier in fhir.parse_encounter(EXAMPLES[0].read_bytes()).known_identifiers:
        assert identifier.value not in everything


async def test_a_tenant_over_its_create_quota_is_told_when_to_come_back(
    database_url: str, tmp_path: Path
) -> None:
    overrides = {"CREATE_BURST": "3", "CREATE_RATE_PER_SECOND": "0.5", "QUEUE_NAME": "quota"}
    with Suite(database_url, tmp_path, services=("gateway",), env_overrides=overrides) as suite:
        async with ReportsClient(suite.gateway_addr) as client:
            # Its own tenant's bucket may hold tokens from earlier suites: drain it.
            refused = None
            for _ in range(10):
                try:
                    await client.create(EXAMPLES[0].read_bytes())
                except grpc.aio.AioRpcError as error:
                    refused = error
                    break
    assert refused is not None and refused.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    status = rpc_status.from_call(refused)  # type: ignore[arg-type]
    assert status is not None
    retry = error_details_pb2.RetryInfo()
    assert any(detail.Unpack(retry) for detail in status.details)
    assert 0 < retry.retry_delay.ToMilliseconds() <= 2000


async def test_a_deeply_nested_bundle_is_refused_and_the_gateway_stays_healthy(
    clients: dict[str, ReportsClient],
) -> None:
    acme = clients["acme-app"]
    for depth in (100, 50_000):  # past the limit; past what a recursive parser survives
        nested = '{"n":' * depth + "1" + "}" * depth
        bundle = '{"resourceType": "Bundle", "type": "collection", "meta": ' + nested + "}"
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await acme.create(bundle.encode())
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "too_deep" in str(rpc_status.from_call(caught.value))  # type: ignore[arg-type]
    created = await acme.create(EXAMPLES[0].read_bytes())
    assert created.state == reports_pb2.REPORT_STATE_PENDING


def batch_entries(*indexes: int) -> list[reports_pb2.CreateReportRequest]:
    return [reports_pb2.CreateReportRequest(fhir_bundle=EXAMPLES[i].read_bytes()) for i in indexes]


async def test_another_tenants_batch_is_not_found_exactly_like_an_unknown_one(
    clients: dict[str, ReportsClient],
) -> None:
    acme, globex = clients["acme-app"], clients["globex-app"]
    batch = await acme.create_batch(batch_entries(0, 1))
    not_found = grpc.StatusCode.NOT_FOUND
    for batch_id in (batch.batch_id, str(uuid.uuid4())):
        assert await code_of(globex.get_batch(batch_id)) == not_found
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            async for _ in globex.watch_batch(batch_id):
                pass
        assert caught.value.code() == not_found
        listed = await globex.list(reports_pb2.ListReportsRequest(batch_id=batch_id))
        assert list(listed.reports) == [] and listed.next_page_token == ""
    for report_id in batch.report_ids:
        assert await code_of(globex.get(report_id)) == not_found
    own = await acme.list(reports_pb2.ListReportsRequest(batch_id=batch.batch_id))
    assert {r.report_id for r in own.reports} == set(batch.report_ids)
    # A batch listing's page token is bound to that batch and that tenant.
    first = await acme.list(reports_pb2.ListReportsRequest(batch_id=batch.batch_id, page_size=1))
    token = first.next_page_token
    assert token
    other = await acme.create_batch(batch_entries(2))
    invalid = grpc.StatusCode.INVALID_ARGUMENT
    moved = reports_pb2.ListReportsRequest(batch_id=other.batch_id, page_size=1, page_token=token)
    assert await code_of(acme.list(moved)) == invalid
    stolen = reports_pb2.ListReportsRequest(batch_id=batch.batch_id, page_size=1, page_token=token)
    assert await code_of(globex.list(stolen)) == invalid
    done = await acme.wait_batch(batch.batch_id)
    assert done.done and done.complete_count == 2


async def test_batch_request_ids_are_per_tenant(clients: dict[str, ReportsClient]) -> None:
    request_id = f"nightly-{uuid.uuid4()}"
    acme = await clients["acme-app"].create_batch(batch_entries(3), request_id=request_id)
    again = await clients["acme-app"].create_batch(batch_entries(3), request_id=request_id)
    globex = await clients["globex-app"].create_batch(batch_entries(3), request_id=request_id)
    assert acme.batch_id == again.batch_id != globex.batch_id


async def test_batch_calls_are_audited_with_the_batch_id(
    secured: Suite, clients: dict[str, ReportsClient], database_url: str
) -> None:
    acme, globex = clients["acme-app"], clients["globex-app"]
    batch = await acme.create_batch(batch_entries(4))
    await acme.get_batch(batch.batch_id)
    assert await code_of(globex.get_batch(batch.batch_id)) == grpc.StatusCode.NOT_FOUND
    await acme.wait_batch(batch.batch_id)
    rows: list[tuple[str, ...]] = []
    for _ in range(50):  # a stream's audit row is written as the stream closes
        with psycopg.connect(database_url) as conn:
            rows = conn.execute(
                "SELECT tenant_id, principal, method, status_code FROM audit_log"
                " WHERE batch_id = %s ORDER BY id",
                (batch.batch_id,),
            ).fetchall()
        if any(row[2] == "WatchBatch" for row in rows):
            break
        await asyncio.sleep(0.1)
    assert rows[0] == ("acme", "acme-app", "CreateBatch", "OK")
    assert ("acme", "acme-app", "GetBatch", "OK") in rows
    assert ("globex", "globex-app", "GetBatch", "NOT_FOUND") in rows
    assert ("acme", "acme-app", "WatchBatch", "OK") in rows
    logged = [
        json.loads(line)
        for line in (secured.log_dir / "gateway.log").read_text().splitlines()
        if line.startswith("{")
    ]
    audited = {
        (line["method"], line["code"])
        for line in logged
        if line.get("logger") == "codingintel.audit" and line.get("batch_id") == batch.batch_id
    }
    assert {("CreateBatch", "OK"), ("GetBatch", "OK"), ("GetBatch", "NOT_FOUND")} <= audited


async def test_a_watch_the_caller_abandons_is_audited_as_cancelled(
    database_url: str, tmp_path: Path
) -> None:
    # No worker: the report stays PENDING, so the stream can only end by the caller leaving.
    overrides = {"QUEUE_NAME": "abandoned"}
    with Suite(database_url, tmp_path, services=("gateway",), env_overrides=overrides) as suite:
        async with ReportsClient(suite.gateway_addr) as client:
            created = await client.create(EXAMPLES[0].read_bytes())
            watch = client.watch(created.report_id, 0)
            assert isinstance(watch, AsyncGenerator)
            assert (await anext(watch)).version == 1
            await watch.aclose()
            codes: list[str] = []
            for _ in range(50):  # a stream's audit row is written as the stream closes
                await asyncio.sleep(0.2)
                with psycopg.connect(database_url) as conn:
                    codes = [
                        row[0]
                        for row in conn.execute(
                            "SELECT status_code FROM audit_log"
                            " WHERE report_id = %s AND method = 'WatchReport'",
                            (created.report_id,),
                        )
                    ]
                if codes:
                    break
    assert codes == ["CANCELLED"]
