"""The autoscaling simulation (bench/capacity.py) behaves as the formula says."""

from __future__ import annotations

import math

from bench.capacity import Scaling, Work, burst, daily, simulate


def test_burst_scales_to_the_maximum_drains_and_scales_back() -> None:
    scaling = Scaling(min_replicas=1, max_replicas=10, target_per_pod=8, threads=8)
    work = Work(service_seconds=10.0, spread=0.0)
    result = simulate(burst(2_000), scaling, work)
    assert len(result.waits) == 2_000 and result.drained_at is not None
    assert result.max_replicas == 10
    # Never more in flight than the ready pods' threads.
    assert all(s.in_flight <= s.ready * scaling.threads for s in result.samples)
    # The scale-up is rate-limited: from 1 pod, at most +4 (or +100%) per 15 s.
    first = result.samples[0]
    assert first.replicas <= 5
    # Once drained, it scales back to the minimum after the cooldown, not before.
    assert result.samples[-1].replicas == 1
    assert result.samples[-1].time >= result.drained_at + scaling.cooldown_seconds
    # The drain time is bounded below by the work over full capacity.
    floor = 2_000 * work.service_seconds / (scaling.max_replicas * scaling.threads)
    assert result.drained_at >= floor
    assert result.drained_at < floor + 120


def test_desired_pods_follow_queued_plus_in_flight_over_target() -> None:
    # A steady load that needs ceil(rate * service / target) pods.
    scaling = Scaling(min_replicas=1, max_replicas=50, target_per_pod=10, threads=10)
    work = Work(service_seconds=20.0, spread=0.0)
    rate = 2.0  # reports per second: 40 in flight at steady state
    arrivals = [i / rate for i in range(int(rate * 3600))]
    result = simulate(arrivals, scaling, work, horizon=3600.0)
    settled = [s.replicas for s in result.samples if s.time > 1200]
    expected = math.ceil(rate * work.service_seconds / scaling.target_per_pod)
    assert settled and min(settled) >= expected - 1 and max(settled) <= expected + 1


def test_external_rate_cap_bounds_throughput() -> None:
    scaling = Scaling(max_replicas=40)
    work = Work(service_seconds=20.0, spread=0.0, max_rate=1.0)
    result = simulate(burst(600), scaling, work)
    assert result.drained_at is not None and result.drained_at >= 600


def test_daily_curve_has_its_volume_and_a_daytime_peak() -> None:
    arrivals = daily(20_000, seed=3)
    assert abs(len(arrivals) - 20_000) < 1_000
    night = sum(1 for t in arrivals if t < 5 * 3600)
    late_morning = sum(1 for t in arrivals if 10 * 3600 <= t < 12 * 3600)
    assert late_morning > 3 * night
