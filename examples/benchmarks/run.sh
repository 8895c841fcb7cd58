#!/usr/bin/env bash
# dirsync benchmarks (see BENCHMARKS.md next to this script). From the repository root or anywhere:
#   examples/benchmarks/run.sh build                       build the demo jar and the benchmark tools (no tests)
#   examples/benchmarks/run.sh compare h2|postgres [RUNS] [USERS] [SENDERS]
#                                                          webhook intake, floor then demo, fresh database each run;
#                                                          prints every run and the median ratio demo/floor
#   BENCH_INTAKE=inbox examples/benchmarks/run.sh compare h2|postgres [RUNS] [USERS] [SENDERS]
#                                                          the same with the demo's webhook intake 'inbox' (answered
#                                                          after one insert): prints the answered ratio AND the
#                                                          applied rate (events/s until the inbox is empty, every
#                                                          event's outcome reported, none parked: complete=true)
#   examples/benchmarks/run.sh latency h2|postgres USERS [PROBE] [bulk|webhooks]
#                                                          an organization of USERS seeded by a WorkOS bulk import
#                                                          (default; projection included) or by a webhook first sync
#                                                          (8 senders), then one sender plays PROBE users (default
#                                                          200) through their life: p50/p99 per event type
#   examples/benchmarks/run.sh profile h2|postgres [USERS] JFR profile of the demo under the webhook load; prints
#                                                          the hottest frames (file in target/bench/)
#   examples/benchmarks/run.sh scim-sync h2|postgres USERS [post|bulk|both] [RUNS]
#                                                          SCIM first sync of USERS into a fresh organization: POST
#                                                          /Users on 8 connections, or /Bulk of 500; demo at -Xmx512m,
#                                                          prints users/s, p50/p99, heap after GC, median of RUNS
#   examples/benchmarks/run.sh scim-profile h2 [USERS] [post|bulk]
#                                                          JFR profile of the demo under the SCIM first sync
#   examples/benchmarks/run.sh scim h2|postgres USERS [MEMBERS]
#                                                          SCIM reads and member PATCHes on a directory of USERS
#                                                          (seeded straight into the tables, not over HTTP) and a
#                                                          group of MEMBERS (default min(USERS, 50000)): p50/p99 each,
#                                                          unfiltered pages of 100 at the start, middle, end and any
#                                                          startIndex (e.g. BENCH_DEMO_PORT=38200 run.sh scim h2 100000)
#   examples/benchmarks/run.sh reproject h2|postgres USERS a mapping change, a group delete and a directory delete
#                                                          on USERS people (mirror seeded into the tables), each a
#                                                          background job: the call, job duration, batch p50 and
#                                                          longest batch (lock hold); BENCH_JFR=FILE records a profile
#   examples/benchmarks/run.sh demo|floor h2|postgres [demo args] start one server in the foreground (ports 38080 / 38081)
#   examples/benchmarks/run.sh load [--name=value ...]     the load driver alone (WebhookLoad's javadoc lists options)
#   examples/benchmarks/run.sh access h2|postgres [PEOPLE] "who had access at T" over PEOPLE (default 100,000)
#                                                          people with 3 intervals each: median query times
#   examples/benchmarks/run.sh scaleout [USERS] [SENDERS]  PostgreSQL database bench_scaleout (created): one demo, then
#                                                          two demos each receiving every event of the same first sync;
#                                                          throughput of both, final states dumped and diffed
#   examples/benchmarks/run.sh heap h2|postgres webhooks USERS | heap h2|postgres bulk USERS [USERS...]
#                                                          the demo at -Xmx512m with a GC log takes a first sync of
#                                                          USERS: signed webhooks in 4 quarters (heap after a full GC
#                                                          at each), or a force sync (WorkOS bulk import) from the local
#                                                          WorkOS stand-in, one fresh run per size; max heap after GC
#                                                          (BENCH_JFR=1: a JFR profile of the import, hottest frames)
#   examples/benchmarks/run.sh jmh [JMH options]           JMH microbenchmarks of the pure hot paths (default: -f 1
#                                                          -wi 3 -i 5); e.g. run.sh jmh -f 3 ScimBench
# BENCH_DEMO_JAR runs another build of the demo (e.g. a copy made before a change) against the same floor.
# BENCH_SCIM_ARGS adds ScimLoad options to scim-sync (e.g. --groups=0: users only; --connections=16).
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
# the demo's WorkOS webhook intake: inline (default: applied, then answered) or inbox (stored, answered, applied next)
INTAKE=${BENCH_INTAKE:-inline}
case $INTAKE in inline|inbox) ;; *) echo "BENCH_INTAKE must be inline or inbox, got '$INTAKE'" >&2; exit 2 ;; esac

build() {
  ./mvnw -B -q -o -DskipTests -pl examples/spring-boot-saas,examples/benchmarks -am package
}

cp_tools() {
  [ -f $BENCH/target/classpath.txt ] || build
  # dirsync-core, -jdbi and -servlet from this checkout, not whatever snapshot ~/.m2 holds
  echo "$BENCH/target/classes:dirsync-core/target/classes:dirsync-core/target/test-classes:dirsync-jdbi/target/classes:dirsync-servlet/target/classes:$(cat $BENCH/target/classpath.txt)"
}

tool() { # main class, args...
  local main=$1; shift
  java -cp "$(cp_tools)" "dev.dirsync.examples.benchmarks.$main" "$@"
}

db_args() { # server (demo|floor), db (h2|postgres): prints the JDBC URL, user and password as three words
  local server=$1 db=$2
  case $db in
    # the demo's own H2 settings (application.yml), for both servers
    h2) echo "jdbc:h2:file:$ROOT/$WORK/$server-h2/db;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;LOB_TIMEOUT=5000;DB_CLOSE_ON_EXIT=FALSE sa -" ;;
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

start_demo() { # db [extra demo args]; runs in the background, PID in $SERVER_PID
  read -r url user password <<<"$(db_args demo "$1")"
  shift
  start_demo_on $DEMO_PORT "$url" "$user" "$password" "$WORK/demo.log" "$@"
}

start_demo_on() { # port, JDBC url, user, password, log file [extra demo args]; in the background, PID in $SERVER_PID
  local port=$1 url=$2 user=$3 password=$4 log=$5
  shift 5
  [ "$password" = - ] && password=""
  [ -f $JAR ] || build
  # a copy per run.sh invocation (left in target/bench): a rebuild while this run lasts cannot change the jar under it
  [ -f "$WORK/demo-$$.jar" ] || cp "$JAR" "$WORK/demo-$$.jar"
  port_free "$port"
  # the webhook rate limit (100/s sustained by default) is raised: the benchmark measures intake, not the limiter;
  # profile "local": the demo's local-only secrets (the webhook secret is $SECRET), listening on 127.0.0.1 only
  java $JVM_OPTS -jar "$WORK/demo-$$.jar" --spring.profiles.active=local --server.port="$port" \
    --spring.datasource.url="$url" --spring.datasource.username="$user" --spring.datasource.password="$password" \
    --dirsync.workos.webhook-rate-limit.burst=100000000 --dirsync.workos.webhook-rate-limit.per-second=100000000 \
    --logging.level.root=WARN --dirsync.workos.webhook-intake="$INTAKE" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  wait_port "$port"
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
    # the port must be ours: on a shared machine another run may take the same port meanwhile
    if ss -ltnpH "sport = :$1" 2>/dev/null | grep -q "pid=$SERVER_PID," \
        && curl -s -o /dev/null "http://127.0.0.1:$1/" 2>/dev/null; then
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
      local applied=()
      if [ $server = floor ]; then start_floor "$db"; port=$FLOOR_PORT; path=/; else start_demo "$db"; port=$DEMO_PORT; path=/api/webhooks/workos; fi
      # intake inbox: the driver also waits for the demo's inbox to drain and prints the applied rate
      [ $server = demo ] && [ "$INTAKE" = inbox ] && applied=(--actuator="http://127.0.0.1:$DEMO_PORT")
      out=$(tool WebhookLoad --url="http://127.0.0.1:$port$path" --secret=$SECRET --senders="$senders" \
        --users="$users" --warmup=300 "${applied[@]}")
      stop_server
      echo "run $i $server $db $(grep RESULT <<<"$out")" | tee -a "$WORK/compare-$db.txt"
      if grep -q APPLIED <<<"$out"; then echo "run $i applied $db $(grep APPLIED <<<"$out")" | tee -a "$WORK/compare-$db.txt"; fi
    done
  done
  trap - EXIT
  local f d
  f=$(grep " floor " "$WORK/compare-$db.txt" | field events_per_s | median)
  d=$(grep " demo " "$WORK/compare-$db.txt" | field events_per_s | median)
  echo "MEDIAN $db intake=$INTAKE floor=$f demo=$d ratio=$(awk -v d="$d" -v f="$f" 'BEGIN {printf "%.2f", d/f}') \
demo_p50_ms=$(grep " demo " "$WORK/compare-$db.txt" | field p50_ms | median) \
demo_p99_ms=$(grep " demo " "$WORK/compare-$db.txt" | field p99_ms | median)"
  if grep -q " applied " "$WORK/compare-$db.txt"; then
    local a
    a=$(grep " applied " "$WORK/compare-$db.txt" | field applied_per_s | median)
    echo "APPLIED-MEDIAN $db applied=$a applied_ratio=$(awk -v d="$a" -v f="$f" 'BEGIN {printf "%.2f", d/f}') \
complete_runs=$(grep -c "complete=true" "$WORK/compare-$db.txt")/$(grep -c " applied " "$WORK/compare-$db.txt") \
(answered is not applied: applied = events/s from the first send until the inbox was empty)"
  fi
}

latency() { # db USERS [PROBE] [bulk|webhooks]: seed an organization of USERS, then one sender probes it
  local db=${1:?h2 or postgres} users=${2:?USERS} probe=${3:-200} seed=${4:-bulk}
  if [ "$seed" = webhooks ]; then # the first sync as signed webhooks, 8 senders (slow beyond ~10,000 users)
    fresh demo "$db"; start_demo "$db"; trap stop_server EXIT
    tool WebhookLoad --url="http://127.0.0.1:$DEMO_PORT/api/webhooks/workos" --secret=$SECRET --senders=8 \
      --users="$users" --probe="$probe" | grep -E "RESULT|PROBE"
    return
  fi
  # the bulk import (force sync from the WorkOS stand-in) through the real pipeline, projection included; then
  # 200 warm-up users by webhook (not timed) and the probe, one sender
  # the demo as in run.sh heap (-Xmx512m, GC log): the seeding's heap is reported too (target 7)
  local gclog=$ROOT/$WORK/heap-latency-$db-$users.log
  start_standin "$users"
  heap_demo "$db" "$gclog" --dirsync.workos.api-key=sk_test_bench_local_only --dirsync.workos.api-base-url="$STANDIN_URL"
  trap 'stop_server; kill $STANDIN_PID 2>/dev/null || true' EXIT
  tool WebhookLoad --url="http://127.0.0.1:$DEMO_PORT/api/webhooks/workos" --secret=$SECRET --users=0 \
    | grep -E "non-2xx" || true
  tool ForceSync --url="http://127.0.0.1:$DEMO_PORT" | sed -E 's/ status=.*//'
  heap_now "latency seeded users=$users"
  heap_max "$gclog"
  tool WebhookLoad --url="http://127.0.0.1:$DEMO_PORT/api/webhooks/workos" --secret=$SECRET --senders=1 \
    --users=0 --warmup=200 --probe="$probe" | grep -E "PROBE"
  stop_server; kill $STANDIN_PID 2>/dev/null || true; wait $STANDIN_PID 2>/dev/null || true; trap - EXIT
}

start_standin() { # USERS: the WorkOS stand-in holding that company; URL in $STANDIN_URL, PID in $STANDIN_PID
  mkdir -p $WORK
  # java itself in the background (not the tool function's subshell), so that killing $! stops it
  java -cp "$(cp_tools)" dev.dirsync.examples.benchmarks.StandInServer --users="$1" >"$WORK/standin.log" 2>&1 &
  STANDIN_PID=$!
  for _ in $(seq 1 600); do grep -q STANDIN "$WORK/standin.log" 2>/dev/null && break; sleep 0.5; done
  STANDIN_URL=$(sed -n 's/^STANDIN \([^ ]*\) .*/\1/p' "$WORK/standin.log")
  [ -n "$STANDIN_URL" ] || { echo "the WorkOS stand-in did not start; see $WORK/standin.log" >&2; kill $STANDIN_PID; exit 1; }
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

# SCIM: the local profile (public local-only secrets, loopback only) plus a platform token to create organizations;
# the SCIM token's rate limit (200 operations/s sustained by default) is raised: the benchmark measures the endpoint
SCIM_PLATFORM_TOKEN=bench-platform-token
SCIM_JVM_OPTS=${BENCH_SCIM_JVM_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC}
start_scim_demo() { # db, gc log
  JVM_OPTS="$SCIM_JVM_OPTS -Xlog:gc:file=$2" start_demo "$1" --spring.profiles.active=local \
    --dirsync.demo.platform-token=$SCIM_PLATFORM_TOKEN \
    --dirsync.scim.rate-limit.burst=100000000 --dirsync.scim.rate-limit.per-second=100000000
}

scim_sync() {
  local db=${1:?h2 or postgres} users=${2:?USERS} modes=${3:-both} runs=${4:-3}
  [ "$modes" = both ] && modes="post bulk"
  mkdir -p $WORK; : >"$WORK/scim-$db.txt"
  trap stop_server EXIT
  for i in $(seq 1 "$runs"); do
    for mode in $modes; do
      fresh demo "$db"; start_scim_demo "$db" "$ROOT/$WORK/gc-scim.log"
      out=$(tool ScimLoad --url="http://127.0.0.1:$DEMO_PORT" --platform-token=$SCIM_PLATFORM_TOKEN --mode="$mode" \
        --users="$users" --gc-log="$ROOT/$WORK/gc-scim.log" ${BENCH_SCIM_ARGS:-} || true)
      stop_server
      echo "$out" | sed -n 's/^/  /p' >&2
      # RESULT last: field() reads a name's last occurrence, and GROUPS has p50_ms too
      echo "run $i $mode $db $(echo "$out" | grep -E '^(GROUPS|HEAP)' | tr '\n' ' ') $(echo "$out" | grep '^RESULT')" | tee -a "$WORK/scim-$db.txt"
    done
  done
  trap - EXIT
  for mode in $modes; do
    echo "MEDIAN $db mode=$mode users=$users \
users_per_s=$(grep " $mode " "$WORK/scim-$db.txt" | field users_per_s | median) \
p50_ms=$(grep " $mode " "$WORK/scim-$db.txt" | field p50_ms | median) \
p99_ms=$(grep " $mode " "$WORK/scim-$db.txt" | field p99_ms | median) \
memberships_per_s=$(grep " $mode " "$WORK/scim-$db.txt" | field memberships_per_s | median) \
max_heap_after_gc_mb=$(grep " $mode " "$WORK/scim-$db.txt" | field max_after_gc_mb | sort -g | tail -1)"
  done
}

scim_profile() {
  local db=${1:?h2 or postgres} users=${2:-3000} mode=${3:-post}
  fresh demo "$db"; start_scim_demo "$db" "$ROOT/$WORK/gc-scim.log"; trap stop_server EXIT
  tool ScimLoad --url="http://127.0.0.1:$DEMO_PORT" --platform-token=$SCIM_PLATFORM_TOKEN --mode="$mode" --users=500 \
    --groups=0 >/dev/null
  local jfr=$ROOT/$WORK/scim-$mode-$db.jfr
  jcmd $SERVER_PID JFR.start name=bench settings=profile filename="$jfr" >/dev/null
  tool ScimLoad --url="http://127.0.0.1:$DEMO_PORT" --platform-token=$SCIM_PLATFORM_TOKEN --mode="$mode" \
    --users="$users" --groups=0 | grep RESULT
  jcmd $SERVER_PID JFR.stop name=bench >/dev/null
  tool JfrTop --file="$jfr"
  echo "recording: $jfr (jfr summary / jfr print --events jdk.ExecutionSample)"
}

access() { # db, people: the access history's point-in-time query at scale (AccessAtScale)
  local db=${1:?h2 or postgres} people=${2:-100000}
  fresh access $db
  set -- $(db_args access $db)
  tool AccessAtScale --url="$1" --user="$2" --password="${3/#-/}" --people="$people"
}

SCALEOUT_DB=bench_scaleout
SCALEOUT_URL=${PG_URL%/*}/$SCALEOUT_DB

scaleout() { # USERS SENDERS: one demo, then two demos on one database receiving every event; states compared
  local users=${1:-3000} senders=${2:-8} port_b=$((DEMO_PORT + 2))
  PIDS=""
  mkdir -p $WORK
  local host=${PG_URL#jdbc:postgresql://}; host=${host%%/*}
  if ! psql -h "${host%:*}" -p "${host#*:}" -U postgres -Atc "select 1 from pg_database where datname = '$SCALEOUT_DB'" \
      | grep -q 1; then
    createdb -h "${host%:*}" -p "${host#*:}" -U postgres -O "$PG_USER" $SCALEOUT_DB
  fi
  trap 'for p in $PIDS; do kill $p 2>/dev/null || true; wait $p 2>/dev/null || true; done' EXIT
  local hook=/api/webhooks/workos
  # same --run: the same user, group and event ids in both runs, so the final states can be compared row by row
  for setup in single pair; do
    tool ResetSchema --url="$SCALEOUT_URL" --user="$PG_USER" --password="$PG_PASSWORD" --schema=$setup
    start_demo_on $DEMO_PORT "$SCALEOUT_URL?currentSchema=$setup" "$PG_USER" "$PG_PASSWORD" "$WORK/scaleout-$setup-a.log"
    PIDS="$SERVER_PID"; urls="http://127.0.0.1:$DEMO_PORT$hook"
    if [ $setup = pair ]; then # started one after the other: the first creates the schema
      start_demo_on $port_b "$SCALEOUT_URL?currentSchema=$setup" "$PG_USER" "$PG_PASSWORD" "$WORK/scaleout-$setup-b.log"
      PIDS="$PIDS $SERVER_PID"; urls="$urls,http://127.0.0.1:$port_b$hook"
    fi
    line=$(tool WebhookLoad --url="$urls" --secret=$SECRET --senders="$senders" --users="$users" --run=scaleout \
      | grep -E "RESULT|non-2xx" | tr '\n' ' ')
    echo "SCALEOUT $setup instances=$(wc -w <<<"$PIDS") $line"
    for p in $PIDS; do kill $p; wait $p 2>/dev/null || true; done; PIDS=""
    tool StateDump --url="$SCALEOUT_URL" --user="$PG_USER" --password="$PG_PASSWORD" --schema=$setup \
      --out="$WORK/scaleout-$setup.txt"
  done
  trap - EXIT
  if diff -q "$WORK/scaleout-single.txt" "$WORK/scaleout-pair.txt" >/dev/null; then
    echo "FINAL STATE IDENTICAL ($(wc -l <"$WORK/scaleout-single.txt") rows; $WORK/scaleout-{single,pair}.txt)"
  else
    echo "FINAL STATE DIFFERS: diff $WORK/scaleout-single.txt $WORK/scaleout-pair.txt"
    diff "$WORK/scaleout-single.txt" "$WORK/scaleout-pair.txt" | head -20
    return 1
  fi
}

heap() { # db webhooks USERS | db bulk USERS...: heap after GC through a first sync
  local db=${1:?h2 or postgres} how=${2:?webhooks or bulk}
  shift 2
  case $how in
    webhooks) heap_webhooks "$db" "${1:-20000}" ;;
    bulk) for users in "${@:-20000}"; do heap_bulk "$db" "$users"; done ;;
    *) echo "heap: webhooks or bulk, got '$how'" >&2; exit 2 ;;
  esac
}

heap_demo() { # db gclog [extra args]: the demo at -Xmx512m with a GC log
  local db=$1 gclog=$2; shift 2
  fresh demo "$db"
  JVM_OPTS="-Xmx512m -XX:+UseG1GC -Xlog:gc*:file=$gclog" start_demo "$db" "$@"
}

heap_now() { # label: a full GC, then the heap in use (MB)
  jcmd $SERVER_PID GC.run >/dev/null
  echo "HEAP $1 after_full_gc_mb=$(jcmd $SERVER_PID GC.heap_info \
    | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1 | awk '{printf "%.0f", $1/1024}')"
}

heap_max() { # gclog: "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 210M->48M(512M) 3.1ms": the largest after
  echo "HEAP max_after_any_gc_mb=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$1" | sed -E 's/.*->([0-9]+)M.*/\1/' \
    | sort -n | tail -1) collections=$(grep -cE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$1") gc_log=$1"
}

heap_webhooks() { # db USERS: signed webhooks, in four quarters (a fresh --run each: new users, same groups)
  local db=$1 users=$2 gclog=$ROOT/$WORK/heap-webhooks-$db-$2.log
  heap_demo "$db" "$gclog"; trap stop_server EXIT
  for q in 1 2 3 4; do
    tool WebhookLoad --url="http://127.0.0.1:$DEMO_PORT/api/webhooks/workos" --secret=$SECRET --senders=8 \
      --users=$((users / 4)) --run=heap$q | grep -E "RESULT|non-2xx"
    heap_now "webhooks quarter=$q users=$((q * users / 4))"
  done
  heap_max "$gclog"
  stop_server; trap - EXIT
}

heap_bulk() { # db USERS: a force sync (WorkOS bulk import) from the local WorkOS stand-in holding USERS users
  local db=$1 users=$2 gclog=$ROOT/$WORK/heap-bulk-$db-$2.log
  start_standin "$users"
  heap_demo "$db" "$gclog" --dirsync.workos.api-key=sk_test_bench_local_only --dirsync.workos.api-base-url="$STANDIN_URL"
  trap 'stop_server; kill $STANDIN_PID 2>/dev/null || true' EXIT
  # the directory (dsync.activated) and its groups by webhook, as WorkOS sends them before a first import
  tool WebhookLoad --url="http://127.0.0.1:$DEMO_PORT/api/webhooks/workos" --secret=$SECRET --users=0 \
    | grep -E "non-2xx" || true
  heap_now "bulk users=$users before"
  # the live set during the import: a full GC every BENCH_HEAP_SAMPLE seconds (default 60; 0: none)
  local sample=${BENCH_HEAP_SAMPLE:-60} sampler="" t0=$SECONDS
  if [ "$sample" -gt 0 ]; then
    (while sleep "$sample" && kill -0 $SERVER_PID 2>/dev/null; do heap_now "bulk users=$users during t=$((SECONDS - t0))s"; done) &
    sampler=$!
  fi
  # BENCH_JFR=1: a JFR profile of the import itself (hottest frames printed after it)
  local jfr=$ROOT/$WORK/bulk-$db-$users.jfr
  [ -z "${BENCH_JFR:-}" ] || jcmd $SERVER_PID JFR.start name=bulk settings=profile filename="$jfr" >/dev/null
  tool ForceSync --url="http://127.0.0.1:$DEMO_PORT" | sed -E 's/(status=.{0,400}).*/\1/'
  if [ -n "${BENCH_JFR:-}" ]; then
    jcmd $SERVER_PID JFR.stop name=bulk >/dev/null
    tool JfrTop --file="$jfr"
    echo "recording: $jfr"
  fi
  [ -z "$sampler" ] || { kill $sampler 2>/dev/null || true; wait $sampler 2>/dev/null || true; }
  heap_now "bulk users=$users after"
  heap_max "$gclog"
  stop_server; kill $STANDIN_PID 2>/dev/null || true; wait $STANDIN_PID 2>/dev/null || true; trap - EXIT
}

jmh() { # JMH options (default -f 1 -wi 3 -i 5); the forks inherit this class path
  [ $# -gt 0 ] || set -- -f 1 -wi 3 -i 5
  java -cp "$(cp_tools)" org.openjdk.jmh.Main "$@"
}

scim() {
  local db=${1:?h2 or postgres} users=${2:?USERS} members=${3:-}
  members=${members:-$(( users < 50000 ? users : 50000 ))}
  export SPRING_PROFILES_ACTIVE=local # the admin API's local-only token issues the SCIM token
  # the demo once, for dirsync's schema and the organization 'acme'; stopped, so the seed may open the H2 file
  fresh demo "$db"; start_demo "$db"; trap stop_server EXIT; stop_server
  read -r url user password <<<"$(db_args demo "$db")"
  tool ScimSeed --url="$url" --user="$user" --password="$password" --users="$users" --members="$members"
  start_demo "$db"
  tool ScimReadLoad --url="http://127.0.0.1:$DEMO_PORT" --users="$users" --members="$members" | grep -E "RESULT|SCIM"
}

cmd=${1:-}; shift || true
case $cmd in
  build) build ;;
  compare) compare "$@" ;;
  latency) latency "$@" ;;
  profile) profile "$@" ;;
  scim) scim "$@" ;;
  scim-sync) scim_sync "$@" ;;
  scim-profile) scim_profile "$@" ;;
  reproject) # h2|postgres USERS: target 6, a mapping change as a background job (ReprojectionBench)
    mkdir -p $WORK; db=${1:?h2 or postgres}; rm -rf $WORK/reproject-h2
    # BENCH_JFR=FILE: a JFR profile of the whole run (settings=profile), for JfrTop
    jfr=${BENCH_JFR:+-XX:StartFlightRecording=filename=$BENCH_JFR,settings=profile}
    if [ "$db" = h2 ]; then java $jfr -cp "$(cp_tools)" dev.dirsync.examples.benchmarks.ReprojectionBench \
        "jdbc:h2:file:$ROOT/$WORK/reproject-h2/db;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;LOB_TIMEOUT=5000" sa - "${2:-10000}"
    else java $jfr -cp "$(cp_tools)" dev.dirsync.examples.benchmarks.ReprojectionBench "$PG_URL" "$PG_USER" \
        "$PG_PASSWORD" "${2:-10000}"; fi ;;
  demo) mkdir -p $WORK; db=${1:?h2 or postgres}; shift; start_demo "$db" "$@"; echo "demo on http://127.0.0.1:$DEMO_PORT (pid $SERVER_PID)"; wait $SERVER_PID ;;
  floor) mkdir -p $WORK; start_floor "${1:?h2 or postgres}"; echo "floor on http://127.0.0.1:$FLOOR_PORT (pid $SERVER_PID)"; wait $SERVER_PID ;;
  load) tool WebhookLoad "$@" ;;
  access) access "$@" ;;
  scaleout) scaleout "$@" ;;
  heap) heap "$@" ;;
  jmh) jmh "$@" ;;
  *) sed -n "2,$(grep -n '^# BENCH_DEMO_JAR' "$0" | cut -d: -f1)p" "$0"; exit 2 ;;
esac
