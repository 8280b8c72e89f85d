#!/usr/bin/env bash
# Runs the benchmark suite through Maven and writes docs/performance.md and docs/performance.svg.
#   benchmarks/run.sh                       the standard set (about 40 minutes on 2 cores)
#   benchmarks/run.sh --smoke               the smoke set (about 2 minutes)
#   benchmarks/run.sh --only latency-5k --drivers artemis-tuned --duration-scale 0.5
# Options: benchmarks/run.sh --help. Everything runs on 127.0.0.1; broker data goes to
# benchmarks/target/bench-data (use --data-dir to measure another disk).
set -euo pipefail
cd "$(dirname "$0")/.."
args="${*:---standard}"
exec mvn -B -q -pl benchmarks -am -Pbench -DskipTests verify "-Dbench.args=${args}"
