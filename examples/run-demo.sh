#!/usr/bin/env bash
# Runs the dirsync demo from a fresh clone: builds what it needs (no tests, nothing installed into ~/.m2) and
# starts the Spring Boot SaaS example on embedded H2 at http://localhost:${PORT:-8080}.
#   examples/run-demo.sh            build and start the app (Ctrl-C stops it)
#   examples/run-demo.sh simulate   play a company against the running app (in a second terminal)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=examples/spring-boot-saas/target/spring-boot-saas.jar
# always built, never reused: a jar left by another checkout, branch or a stash would look newer than the sources
# and run code that is not what's checked out (Maven recompiles only what changed; the first time takes minutes)
# ("simulate" uses the jar the running app was just built into)
if [ "${1:-}" != "simulate" ] || [ ! -f "$JAR" ]; then
  echo "[demo] building what is checked out..."
  rm -f "$JAR"
  ./mvnw -B -q -DskipTests -pl examples/spring-boot-saas -am package   # the wrapper fetches Maven on first use
fi
if [ "${1:-}" = "simulate" ]; then
  shift
  exec java -Dloader.main=dev.dirsync.examples.saas.simulator.CompanySimulator -jar "$JAR" "$@"
fi
cd examples/spring-boot-saas   # the H2 database goes to examples/spring-boot-saas/target/dirsync-demo
# profile "local": public local-only secrets, listening on 127.0.0.1 only (without it the app needs your own secrets)
exec java -jar target/spring-boot-saas.jar --spring.profiles.active=local "$@"
