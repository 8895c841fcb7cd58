#!/usr/bin/env bash
# dirsync benchmarks (see BENCHMARKS.md next to this script). From the repository root or anywhere:
#   examples/benchmarks/run.sh build                       build the demo jar and the benchmark tools (no tests)
#   examples/benchmarks/run.sh compare h2|postgres [RUNS] [USERS] [SENDERS]
#                                                          webhook intake, floor then demo, fresh database each run;
#                                                          prints every run and the median ratio demo/floor
#   examples/benchmarks/run.sh latency h2|postgres USERS [PROBE]
#                                                          first sync of USERS (8 senders), then one sender plays
#                                                          PROBE users through their life: p50 per event type
#   examples/benchmarks/run.sh profile h2|postgres [USERS] JFR profile of the demo under the webhook load; prints
#                                                          the hottest frames (file in target/bench/)
#   examples/benchmarks/run.sh reproject h2|postgres USERS a mapping change on USERS people as a background job:
#                                                          admin call, job duration, longest batch (lock hold)
#   examples/benchmarks/run.sh demo|floor h2|postgres      start one server in the foreground (ports 38080 / 38081)
#   examples/benchmarks/run.sh load [--name=value ...]     the load driver alone (WebhookLoad's javadoc lists options)
# BENCH_DEMO_JAR runs another build of the demo (e.g. a copy made before a change) against the same floor.
# PostgreSQL: BENCH_PG_URL (default the test database on 127.0.0.1, user/password dirsync); each server gets a
# schema of its own (dirsync_bench_demo, dirsync_bench_floor), dropped and recreated before each run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BENCH=examples/benchmarks
WORK=$BENCH/target/bench
JAR=${BENCH_DEMO_JAR:-examples/spring-boot-saas/target/spring-boot-saas.jar}
PG_URL=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/dirsync_test}
PG_USER=${BENCH_PG_USER:-dirsync}
PG_PASSWORD=${BENCH_PG_PASSWORD:-dirsync}
SECRET=whsec_demo_local_only
JVM_OPTS=${BENCH_JVM_OPTS:--Xms512m -Xmx1g -XX:+UseG1GC}
DEMO_PORT=${BENCH_DEMO_PORT:-38080}
FLOOR_PORT=${BENCH_FLOOR_PORT:-38081}

build() {
  ./mvnw -B -q -o -DskipTests -pl examples/spring-boot-saas,examples/benchmarks -am package
}

cp_tools() {
  [ -f $BENCH/target/classpath.txt ] || build
  # dirsync-core and dirsync-jdbi from this checkout, not whatever snapshot ~/.m2 holds
  echo "$BENCH/target/classes:dirsync-core/target/classes:dirsync-jdbi/target/classes:$(cat $BENCH/target/classpath.txt)"
}

tool() { # main class, args...
  local main=$1; shift
  java -cp "$(cp_tools)" "dev.dirsync.examples.benchmarks.$main" "$@"
}

db_args() { # server (demo|floor), db (h2|postgres): prints the JDBC URL, user and password as three words
  local server=$1 db=$2
  case $db in
    h2) echo "jdbc:h2:file:$ROOT/$WORK/$server-h2/db;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE sa -" ;;
    postgres) echo "$PG_URL?currentSchema=dirsync_bench_$server $PG_USER $PG_PASSWORD" ;;
    *) echo "database must be h2 or postgres, got '$db'" >&2; exit 2 ;;
  esac
}

fresh() { # server, db: an empty database for the next run
  local server=$1 db=$2
  mkdir -p $WORK
  if [ "$db" = h2 ]; then
    rm -rf "$WORK/$server-h2"
  else
    tool ResetSchema --url="$PG_URL" --user="$PG_USER" --password="$PG_PASSWORD" --schema="dirsync_bench_$server"
  fi
}

start_demo() { # db; runs in the background, PID in $SERVER_PID
  read -r url user password <<<"$(db_args demo "$1")"
  [ "$password" = - ] && password=""
  [ -f $JAR ] || build
  port_free $DEMO_PORT
  # the webhook rate limit (100/s sustained by default) is raised: the benchmark measures intake, not the limiter
  java $JVM_OPTS -jar $JAR --server.port=$DEMO_PORT \
    --spring.datasource.url="$url" --spring.datasource.username="$user" --spring.datasource.password="$password" \
    --dirsync.workos.webhook-rate-limit.burst=100000000 --dirsync.workos.webhook-rate-limit.per-second=100000000 \
    --logging.level.root=WARN >"$WORK/demo.log" 2>&1 &
  SERVER_PID=$!
  wait_port $DEMO_PORT
}

start_floor() { # db
  read -r url user password <<<"$(db_args floor "$1")"
  [ "$password" = - ] && password=""
  port_free $FLOOR_PORT
  # TCP_NODELAY: without it the JDK server waits out the client's delayed ACK (~40 ms) on every response
  java $JVM_OPTS -Dsun.net.httpserver.nodelay=true -cp "$(cp_tools)" dev.dirsync.examples.benchmarks.FloorServer --port=$FLOOR_PORT --url="$url" \
    --user="$user" --password="$password" --secret=$SECRET >"$WORK/floor.log" 2>&1 &
  SERVER_PID=$!
  wait_port $FLOOR_PORT
}

port_free() {
  if curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; then
    echo "port $1 is already in use by another process: set BENCH_DEMO_PORT / BENCH_FLOOR_PORT" >&2; exit 1
  fi
}

wait_port() { # the port must answer and our server must still be alive (not some other process on that port)
  sleep 1
  for _ in $(seq 1 240); do
    kill -0 $SERVER_PID 2>/dev/null || { echo "server died; see $WORK/*.log" >&2; exit 1; }
    if curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; then
      sleep 1; kill -0 $SERVER_PID 2>/dev/null || { echo "server died; see $WORK/*.log" >&2; exit 1; }
      return 0
    fi
    sleep 0.5
  done
  echo "server on port $1 did not start" >&2; exit 1
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

compare() {
  local db=${1:?h2 or postgres} runs=${2:-3} users=${3:-2000} senders=${4:-8}
  mkdir -p $WORK; : >"$WORK/compare-$db.txt"
  trap stop_server EXIT
  for i in $(seq 1 "$runs"); do
    for server in floor demo; do
      fresh $server "$db"
      if [ $server = floor ]; then start_floor "$db"; port=$FLOOR_PORT; path=/; else start_demo "$db"; port=$DEMO_PORT; path=/api/webhooks/workos; fi
      line=$(tool WebhookLoad --url="http://127.0.0.1:$port$path" --secret=$SECRET --senders="$senders" \
        --users="$users" --warmup=300 | grep RESULT)
      stop_server
      echo "run $i $server $db $line" | tee -a "$WORK/compare-$db.txt"
    done
  done
  trap - EXIT
  local f d
  f=$(grep " floor " "$WORK/compare-$db.txt" | field events_per_s | median)
  d=$(grep " demo " "$WORK/compare-$db.txt" | field events_per_s | median)
  echo "MEDIAN $db floor=$f demo=$d ratio=$(awk -v d="$d" -v f="$f" 'BEGIN {printf "%.2f", d/f}') \
demo_p50_ms=$(grep " demo " "$WORK/compare-$db.txt" | field p50_ms | median) \
demo_p99_ms=$(grep " demo " "$WORK/compare-$db.txt" | field p99_ms | median)"
}

latency() {
  local db=${1:?h2 or postgres} users=${2:?USERS} probe=${3:-200}
  fresh demo "$db"; start_demo "$db"; trap stop_server EXIT
  tool WebhookLoad --url="http://127.0.0.1:$DEMO_PORT/api/webhooks/workos" --secret=$SECRET --senders=8 \
    --users="$users" --probe="$probe" | grep -E "RESULT|PROBE"
}

profile() {
  local db=${1:?h2 or postgres} users=${2:-3000}
  fresh demo "$db"; start_demo "$db"; trap stop_server EXIT
  tool WebhookLoad --url="http://127.0.0.1:$DEMO_PORT/api/webhooks/workos" --secret=$SECRET --users=300 >/dev/null
  local jfr=$ROOT/$WORK/webhooks-$db.jfr
  jcmd $SERVER_PID JFR.start name=bench settings=profile filename="$jfr" >/dev/null
  tool WebhookLoad --url="http://127.0.0.1:$DEMO_PORT/api/webhooks/workos" --secret=$SECRET --users="$users" | grep RESULT
  jcmd $SERVER_PID JFR.stop name=bench >/dev/null
  tool JfrTop --file="$jfr"
  echo "recording: $jfr (jfr summary / jfr print --events jdk.ExecutionSample)"
}

cmd=${1:-}; shift || true
case $cmd in
  build) build ;;
  compare) compare "$@" ;;
  latency) latency "$@" ;;
  profile) profile "$@" ;;
  reproject) # h2|postgres USERS: target 6, a mapping change as a background job (ReprojectionBench)
    mkdir -p $WORK; db=${1:?h2 or postgres}; rm -rf $WORK/reproject-h2
    if [ "$db" = h2 ]; then tool ReprojectionBench "jdbc:h2:file:$ROOT/$WORK/reproject-h2/db;LOCK_TIMEOUT=10000" sa - "${2:-10000}"
    else tool ReprojectionBench "$PG_URL" "$PG_USER" "$PG_PASSWORD" "${2:-10000}"; fi ;;
  demo) mkdir -p $WORK; start_demo "${1:?h2 or postgres}"; echo "demo on http://127.0.0.1:$DEMO_PORT (pid $SERVER_PID)"; wait $SERVER_PID ;;
  floor) mkdir -p $WORK; start_floor "${1:?h2 or postgres}"; echo "floor on http://127.0.0.1:$FLOOR_PORT (pid $SERVER_PID)"; wait $SERVER_PID ;;
  load) tool WebhookLoad "$@" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
