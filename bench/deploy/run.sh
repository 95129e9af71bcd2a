#!/usr/bin/env bash
# bench/deploy: SSH handshakes per deploy and transport overhead, engine vs separate ssh/scp calls.
# Starts its own sshd, dockerd and registry on loopback (the test fixtures) and writes
# bench/deploy/results.md. Usage: bench/deploy/run.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
mvn -B -q -ntp verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DeployBench \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dbench.rounds="$rounds" -Dbench.out="$PWD/bench/deploy/results.md"
cat bench/deploy/results.md
