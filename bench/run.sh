#!/usr/bin/env bash
# The one command of the benchmark (issue 8). Builds the gateway jar and the harness (test sources plus the
# JMH benchmarks of the `bench` profile), runs every scenario against the raw-Netty baseline and the gateway,
# prints the table, writes bench/results/results-<date>.json, then runs the JMH micro-benchmarks
# (bench/results/jmh-<date>.json). Loopback only; every process it starts is stopped at the end.
# Pass --no-jmh to skip the micro-benchmarks. The cluster scenario (three replicas on PostgreSQL) needs
# FLEET_TEST_POSTGRES_URL (as .ci/setup.d/10-postgres.sh sets it up); without it the run says "not available".
set -euo pipefail
cd "$(dirname "$0")/.."

jmh=1
[[ "${1:-}" == "--no-jmh" ]] && jmh=0

./mvnw -B -q -Pbench -DskipTests package
./mvnw -B -q -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
jar=$(ls target/fleet-gateway-*.jar | grep -v -- '-plain\|\.original$' | head -1)
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
mkdir -p bench/results

echo "open files per process: $(ulimit -n); ephemeral ports: $(cat /proc/sys/net/ipv4/ip_local_port_range)"
echo "load before: $(cat /proc/loadavg)"
[[ -z "${FLEET_TEST_POSTGRES_URL:-}" && -f .ci/env ]] && export $(grep '^FLEET_TEST_POSTGRES_URL=' .ci/env)
# The orchestrator only waits and polls; the servers and load generators are child JVMs it starts.
java -Xmx1g -cp "$cp" dev.fleetgateway.bench.BenchMain "$jar" bench/results

if [[ $jmh == 1 ]]; then
  # Short settings: one fork, 3 x 1 s warm-up, 5 x 1 s measured; enough to compare, cheap on a shared box.
  java -cp "$cp" org.openjdk.jmh.Main -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json \
    -rff "bench/results/jmh-$(date +%F).json" 'dev.fleetgateway.session.*Benchmark'
fi
echo "load after: $(cat /proc/loadavg)"
