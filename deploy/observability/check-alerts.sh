#!/usr/bin/env bash
# Check the alert rules and run their unit tests (promtool, from Prometheus; on Debian and
# Ubuntu the `prometheus` package ships it). Also checks that the dashboard is valid JSON
# and matches its generator, dashboard.py.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v promtool >/dev/null 2>&1; then
    echo "promtool not found: install Prometheus (e.g. apt-get install prometheus)" >&2
    exit 1
fi
promtool check rules alerts.yaml
promtool test rules alerts_test.yaml
promtool check config prometheus.yml
python3 -m json.tool grafana-dashboard.json >/dev/null
echo "dashboard: valid JSON"
python3 dashboard.py --check
