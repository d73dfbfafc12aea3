"""Capacity: replay a load curve through the workers' autoscaling formula.

    python bench/capacity.py                       # the 10,000-report burst
    python bench/capacity.py --curve daily         # a day of 50,000 reports
    python bench/capacity.py --service-seconds 0.6 --threads 8   # embedded backends

The chart scales the workers on the work queued for them, exported by the orchestrator
as codingintel_queue_depth (waiting + delayed + in flight):

    desired = ceil(depth / targetPerPod), clamped to [minReplicas, maxReplicas]

and KEDA (or an HPA on the External metric) applies it the way the HPA does: the metric
is read every polling interval from a Prometheus scrape that is up to one scrape interval
old; changes within 10% are ignored; scale-up is limited to the larger of +100% and +4
pods per 15 s; scale-down uses the highest desired count of the last cooldown window and
removes at most half the pods per minute; a new pod takes work only after its start delay.
Each ready pod runs `threads` reports at once (WORKER_THREADS).

Per-report service time (default 20 s) is the production path's five backend calls in a
row — DetectPHI (~1 s), InferICD10CM and InferSNOMEDCT (~1.5 s each), the coding and the
quality prompts to the LLM (~8 s each) — with the store writes between them; each report
draws its time from a log-normal around it (--spread). The embedded backends take well
under a second a report: pass --service-seconds. External rate limits (LLM_RPS,
COMPREHEND_*_RPS) cap throughput for every worker together: --max-rate models that cap.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
from collections import deque
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table


@dataclass(frozen=True)
class Scaling:
    min_replicas: int = 1
    max_replicas: int = 20
    target_per_pod: int = 16
    threads: int = 16
    polling_seconds: float = 15.0
    scrape_seconds: float = 30.0
    cooldown_seconds: float = 300.0
    start_seconds: float = 20.0
    tolerance: float = 0.1


@dataclass(frozen=True)
class Work:
    service_seconds: float = 20.0
    spread: float = 0.3
    # Reports per second the external APIs allow across every worker (0: no cap).
    max_rate: float = 0.0


@dataclass
class Sample:
    time: float
    arrived: int
    waiting: int
    in_flight: int
    replicas: int
    ready: int
    done: int
    p95_wait_recent: float


@dataclass
class Result:
    samples: list[Sample] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    drained_at: float | None = None
    max_replicas: int = 0
    pod_seconds: float = 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[index]


def burst(total: int) -> list[float]:
    """`total` reports submitted at once."""
    return [0.0] * total


def daily(total: int, seed: int) -> list[float]:
    """A weekday: quiet nights, a morning ramp, a peak around 11:00 and a second one
    around 15:00 (business hours of coders and billing runs), as Poisson arrivals."""
    rng = random.Random(seed)

    def shape(hour: float) -> float:
        night = 0.05
        morning = math.exp(-(((hour - 11.0) / 2.0) ** 2))
        afternoon = 0.8 * math.exp(-(((hour - 15.0) / 1.8) ** 2))
        return night + morning + afternoon

    weights = [shape(minute / 60.0) for minute in range(24 * 60)]
    scale = total / sum(weights)
    arrivals: list[float] = []
    for minute, weight in enumerate(weights):
        count = _poisson(rng, weight * scale)
        arrivals.extend(minute * 60.0 + rng.random() * 60.0 for _ in range(count))
    return sorted(arrivals)


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method for small means, a normal approximation for large ones.
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def simulate(
    arrivals: list[float],
    scaling: Scaling,
    work: Work,
    *,
    step: float = 1.0,
    sample_every: float = 60.0,
    seed: int = 7,
    horizon: float | None = None,
) -> Result:
    rng = random.Random(seed)
    sigma = work.spread
    mu = math.log(work.service_seconds) - sigma * sigma / 2  # mean = service_seconds
    pending = deque(sorted(arrivals))
    waiting: deque[float] = deque()  # arrival times, first in first out
    in_flight: list[float] = []  # finish times (a heap)
    # Pods: each is the time it becomes ready; terminating pods take no new work and
    # leave once their share of the work in flight is done (their grace period covers it).
    pods: list[float] = [0.0] * scaling.min_replicas
    history: deque[tuple[float, int]] = deque()  # (time, desired) for the cooldown window
    result = Result()
    # The poll and the scrape are not in step with the load: start them mid-interval.
    next_poll = scaling.polling_seconds / 2
    next_scrape = scaling.scrape_seconds / 2
    next_sample = 0.0
    last_up = -math.inf
    last_down = -math.inf
    scraped_depth = 0
    started_tokens = 0.0
    last_arrival = arrivals[-1] if arrivals else 0.0
    end = horizon if horizon is not None else math.inf
    recent_waits: deque[tuple[float, float]] = deque()
    now = 0.0
    done = 0
    arrived = 0
    while now <= end:
        while pending and pending[0] <= now:
            waiting.append(pending.popleft())
            arrived += 1
        while in_flight and in_flight[0] <= now:
            heapq.heappop(in_flight)
            done += 1
        ready = sum(1 for t in pods if t <= now)
        # Throughput cap of the external APIs, as a token bucket of reports.
        if work.max_rate > 0:
            started_tokens = min(started_tokens + work.max_rate * step, work.max_rate * 5)
        free = ready * scaling.threads - len(in_flight)
        while free > 0 and waiting and (work.max_rate <= 0 or started_tokens >= 1):
            arrival = waiting.popleft()
            # Time steps are whole seconds: a report taken on the first step after it
            # arrived found a free thread at once.
            wait = now - arrival if now - arrival >= step else 0.0
            result.waits.append(wait)
            recent_waits.append((now, wait))
            heapq.heappush(in_flight, now + rng.lognormvariate(mu, sigma))
            free -= 1
            if work.max_rate > 0:
                started_tokens -= 1

        depth = len(waiting) + len(in_flight)
        if now >= next_scrape:
            scraped_depth = depth
            next_scrape += scaling.scrape_seconds
        if now >= next_poll:
            next_poll += scaling.polling_seconds
            current = len(pods)
            desired = math.ceil(scraped_depth / scaling.target_per_pod)
            desired = max(scaling.min_replicas, min(scaling.max_replicas, desired))
            history.append((now, desired))
            while history and history[0][0] < now - scaling.cooldown_seconds:
                history.popleft()
            ratio = (scraped_depth / scaling.target_per_pod) / current if current else math.inf
            if abs(ratio - 1.0) > scaling.tolerance or desired < scaling.min_replicas:
                if desired > current and now - last_up >= 15.0 - 1e-9:
                    allowed = current + max(current, 4)
                    target = min(desired, allowed)
                    pods.extend([now + scaling.start_seconds] * (target - current))
                    last_up = now
                stable = max(d for _, d in history)
                if stable < current and now - last_down >= 60.0 - 1e-9:
                    target = max(stable, current - max(1, current // 2))
                    # The newest pods go first.
                    pods.sort()
                    del pods[target:]
                    last_down = now
        result.max_replicas = max(result.max_replicas, len(pods))
        result.pod_seconds += len(pods) * step

        drained = (
            horizon is None
            and not pending
            and not waiting
            and not in_flight
            and now >= last_arrival
        )
        if drained and result.drained_at is None:
            result.drained_at = now
        # After the drain, run on until the pods are back to the minimum.
        finished = drained and len(pods) <= scaling.min_replicas
        if now >= next_sample or finished or (drained and result.drained_at == now):
            while recent_waits and recent_waits[0][0] < now - sample_every:
                recent_waits.popleft()
            result.samples.append(
                Sample(
                    time=now,
                    arrived=arrived,
                    waiting=len(waiting),
                    in_flight=len(in_flight),
                    replicas=len(pods),
                    ready=sum(1 for t in pods if t <= now),
                    done=done,
                    p95_wait_recent=percentile([w for _, w in recent_waits], 0.95),
                )
            )
            if now >= next_sample:
                next_sample += sample_every
        if finished:
            break
        now += step
    return result


def clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours:d}:{rest // 60:02d}:{rest % 60:02d}"


def report(
    console: Console, title: str, result: Result, scaling: Scaling, work: Work, rows: int
) -> None:
    table = Table(title=title)
    for column in (
        "time",
        "arrived",
        "waiting",
        "in flight",
        "pods (ready)",
        "done",
        "p95 wait (last min)",
    ):
        table.add_column(column, justify="right")
    step = max(1, math.ceil(len(result.samples) / rows))
    shown = result.samples[::step]
    if result.samples and shown[-1] is not result.samples[-1]:
        shown.append(result.samples[-1])
    for s in shown:
        table.add_row(
            clock(s.time),
            f"{s.arrived:,}",
            f"{s.waiting:,}",
            f"{s.in_flight:,}",
            f"{s.replicas} ({s.ready})",
            f"{s.done:,}",
            f"{s.p95_wait_recent:.0f} s",
        )
    console.print(table)
    summary = Table(title="summary", show_header=False)
    summary.add_column("figure")
    summary.add_column("value", justify="right")
    waits = result.waits
    summary.add_row("reports", f"{len(waits):,}")
    summary.add_row(
        "per-report service time",
        f"{work.service_seconds:g} s (log-normal, sigma {work.spread:g})",
    )
    summary.add_row(
        "scaling",
        f"min {scaling.min_replicas}, max {scaling.max_replicas}, {scaling.target_per_pod} per pod,"
        f" {scaling.threads} threads, poll {scaling.polling_seconds:g} s,"
        f" scrape {scaling.scrape_seconds:g} s, pod start {scaling.start_seconds:g} s,"
        f" cooldown {scaling.cooldown_seconds:g} s",
    )
    if work.max_rate > 0:
        summary.add_row("external API cap", f"{work.max_rate:g} reports/s")
    summary.add_row("max wait", f"{max(waits, default=0):.0f} s")
    summary.add_row("p95 wait", f"{percentile(waits, 0.95):.0f} s")
    summary.add_row("p50 wait", f"{percentile(waits, 0.50):.0f} s")
    summary.add_row("max pods", str(result.max_replicas))
    summary.add_row("pod-hours", f"{result.pod_seconds / 3600:.1f}")
    if result.drained_at is not None:
        summary.add_row("time to drain", clock(result.drained_at))
    capacity = scaling.max_replicas * scaling.threads / work.service_seconds
    summary.add_row("throughput at max pods", f"{capacity:.1f} reports/s")
    console.print(summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curve", choices=["burst", "daily"], default="burst")
    parser.add_argument("--reports", type=int, default=None, help="burst 10,000; daily 50,000")
    parser.add_argument("--service-seconds", type=float, default=Work.service_seconds)
    parser.add_argument("--spread", type=float, default=Work.spread)
    parser.add_argument("--max-rate", type=float, default=0.0)
    parser.add_argument("--min", type=int, default=Scaling.min_replicas)
    parser.add_argument("--max", type=int, default=Scaling.max_replicas)
    parser.add_argument("--target-per-pod", type=int, default=Scaling.target_per_pod)
    parser.add_argument("--threads", type=int, default=Scaling.threads)
    parser.add_argument("--polling", type=float, default=Scaling.polling_seconds)
    parser.add_argument("--scrape", type=float, default=Scaling.scrape_seconds)
    parser.add_argument("--cooldown", type=float, default=Scaling.cooldown_seconds)
    parser.add_argument("--pod-start", type=float, default=Scaling.start_seconds)
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    scaling = Scaling(
        min_replicas=args.min,
        max_replicas=args.max,
        target_per_pod=args.target_per_pod,
        threads=args.threads,
        polling_seconds=args.polling,
        scrape_seconds=args.scrape,
        cooldown_seconds=args.cooldown,
        start_seconds=args.pod_start,
    )
    work = Work(service_seconds=args.service_seconds, spread=args.spread, max_rate=args.max_rate)
    console = Console()
    if args.curve == "burst":
        total = args.reports or 10_000
        result = simulate(burst(total), scaling, work, seed=args.seed)
        title = f"{total:,} reports at once"
    else:
        total = args.reports or 50_000
        result = simulate(
            daily(total, args.seed), scaling, work, seed=args.seed, sample_every=60.0,
            horizon=24 * 3600.0,
        )  # fmt: skip
        title = f"a day of {total:,} reports"
    report(console, title, result, scaling, work, args.rows)


if __name__ == "__main__":
    main()
