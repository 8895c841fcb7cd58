#!/usr/bin/env bash
# Fault run: SIGKILLs the demo app again and again during a first sync on PostgreSQL, restarts it each time, and
# checks from the database that nothing was lost and nothing doubled (FirstSyncUnderKills has the client's rules).
#   examples/benchmarks/kill-during-first-sync.sh postgres webhooks|scim [USERS] [KILLS]
# USERS defaults to 3000, KILLS to 6 (at least 5). The kills come at random moments, 0.5 to 10 s after the restarted
# app answers (FAULTS_SEED makes the moments repeatable). The sender retries as the real one does: WorkOS redelivers
# an event until it is answered 2xx; the SCIM client retries on 5xx and connection errors and re-reads by filter
# before retrying a create that may have committed.
# Database: a private one, bench_faults on 127.0.0.1 (created with `createdb -U postgres` if missing; FAULTS_PG_URL,
# FAULTS_PG_USER, FAULTS_PG_PASSWORD override), schema dirsync_faults, dropped and recreated at the start.
# Needs the demo jar and the benchmark tools: examples/benchmarks/run.sh build. Logs: examples/benchmarks/target/faults/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH=examples/benchmarks
WORK=$BENCH/target/faults
JAR=${BENCH_DEMO_JAR:-examples/spring-boot-saas/target/spring-boot-saas.jar}
DB=${1:-}; MODE=${2:-}; USERS=${3:-3000}; KILLS=${4:-6}
[ "$DB" = postgres ] && { [ "$MODE" = webhooks ] || [ "$MODE" = scim ]; } || { sed -n '2,13p' "$0"; exit 2; }
[ "$KILLS" -ge 5 ] || { echo "KILLS must be at least 5" >&2; exit 2; }
PG_URL=${FAULTS_PG_URL:-jdbc:postgresql://127.0.0.1:5432/bench_faults}
PG_USER=${FAULTS_PG_USER:-dirsync}
PG_PASSWORD=${FAULTS_PG_PASSWORD:-dirsync}
SCHEMA=dirsync_faults
PORT=${FAULTS_PORT:-38090}
RANDOM=${FAULTS_SEED:-$$}
RUN=r$RANDOM
mkdir -p $WORK
[ -f "$JAR" ] && [ -f $BENCH/target/classpath.txt ] || { echo "build first: $BENCH/run.sh build" >&2; exit 1; }
CP="$BENCH/target/classes:dirsync-core/target/classes:$(cat $BENCH/target/classpath.txt)"
tool() { java -cp "$CP" "dev.dirsync.examples.benchmarks.$1" "${@:2}"; }

if [ -z "${FAULTS_PG_URL:-}" ] && ! psql -h 127.0.0.1 -U postgres -tAc \
    "select 1 from pg_database where datname = 'bench_faults'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres -O "$PG_USER" bench_faults
fi
tool ResetSchema --url="$PG_URL" --user="$PG_USER" --password="$PG_PASSWORD" --schema=$SCHEMA
DB_URL="$PG_URL?currentSchema=$SCHEMA"

SERVER_PID=
start_demo() { # in the background; waits until it answers
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is in use (FAULTS_PORT)" >&2; exit 1; fi
  java -Xms256m -Xmx768m -jar "$JAR" --spring.profiles.active=local --server.port=$PORT \
    --spring.datasource.url="$DB_URL" --spring.datasource.username="$PG_USER" \
    --spring.datasource.password="$PG_PASSWORD" --logging.level.root=WARN >>"$WORK/demo-$MODE.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 480); do
    kill -0 $SERVER_PID 2>/dev/null || { echo "the demo died on start; see $WORK/demo-$MODE.log" >&2; exit 1; }
    curl -s -o /dev/null "http://127.0.0.1:$PORT/" && return 0
    sleep 0.25
  done
  echo "the demo did not start; see $WORK/demo-$MODE.log" >&2; exit 1
}
DRIVER=
cleanup() {
  [ -n "$DRIVER" ] && kill "$DRIVER" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

: >"$WORK/demo-$MODE.log"
start_demo
echo "[faults] $MODE first sync of $USERS users against the demo on PostgreSQL (run $RUN), $KILLS SIGKILLs"
tool FirstSyncUnderKills --phase=drive --mode="$MODE" --users="$USERS" --run=$RUN \
  --base="http://127.0.0.1:$PORT" >"$WORK/driver-$MODE.log" 2>&1 &
DRIVER=$!
killed=0
while [ $killed -lt "$KILLS" ]; do
  sleep "$((RANDOM % 10)).$((5 + RANDOM % 5))"
  kill -0 $DRIVER 2>/dev/null || break
  kill -9 $SERVER_PID; wait $SERVER_PID 2>/dev/null || true
  killed=$((killed + 1))
  echo "[faults] SIGKILL $killed at $(date -u +%H:%M:%S), restarting"
  sleep "0.$((RANDOM % 10))"
  start_demo
done
status=0
wait $DRIVER || status=$?
DRIVER=
cat "$WORK/driver-$MODE.log" | grep -v "^SLF4J" || true
if [ $status -ne 0 ]; then echo "[faults] the sender failed (exit $status)" >&2; exit 1; fi
tool FirstSyncUnderKills --phase=verify --mode="$MODE" --users="$USERS" --run=$RUN --db-url="$DB_URL" \
  --db-user="$PG_USER" --db-password="$PG_PASSWORD" | grep -v "^SLF4J" || status=$?
echo "KILLS $killed (asked $KILLS)"
errors=$(grep -c " ERROR " "$WORK/demo-$MODE.log" || true)
echo "demo log: $errors ERROR lines ($WORK/demo-$MODE.log)"
if [ $killed -lt "$KILLS" ]; then
  echo "[faults] the sync finished after $killed kills: use more users" >&2; exit 1
fi
exit $status
