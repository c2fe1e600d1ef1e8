#!/usr/bin/env bash
# Start-up time of the shaded jar: milliseconds from `java -jar` to the first 200 on the home page, on a fresh H2 file
# database (first start: the shipped data is loaded) and again on the same database (second start).
# Usage: bench/startup/startup.sh [JAR] [RUNS]   (defaults: target/perimeter.jar, 3)
set -euo pipefail
jar=${1:-target/perimeter.jar}
runs=${2:-3}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
start_once() { # $1 db dir; prints ms to first 200
    local port pid t0 t1
    port=$(free_port)
    t0=$(now_ms)
    PERIMETER_DB_URL="jdbc:h2:file:$1/db" PERIMETER_PORT=$port java -jar "$jar" >"$1/log.txt" 2>&1 &
    pid=$!
    until curl -fso /dev/null "http://127.0.0.1:$port/"; do
        kill -0 $pid 2>/dev/null || { echo "server exited; see $1/log.txt" >&2; exit 1; }
        sleep 0.02
    done
    t1=$(now_ms)
    kill $pid; wait $pid 2>/dev/null || true
    echo $((t1 - t0))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
first=(); second=()
for ((i = 0; i < runs; i++)); do
    dir=$(mktemp -d)
    first+=("$(start_once "$dir")")
    second+=("$(start_once "$dir")")
    rm -rf "$dir"
done
echo "jar: $jar $(stat -c %s "$jar") bytes"
echo "first start (ms):  ${first[*]}  median $(printf '%s\n' "${first[@]}" | median)"
echo "second start (ms): ${second[*]}  median $(printf '%s\n' "${second[@]}" | median)"
