#!/usr/bin/env bash
# Start-up time of shaded jars: milliseconds from `java -jar` to the first 200 on the home page, on a fresh H2 file
# database (first start: the shipped data is loaded) and again on the same database (second start); and the CPU time
# the JVM had used by then (user + system, all threads), which other work on a shared machine disturbs less than the
# wall time. With several jars the runs alternate between them, so load from other work falls on each alike.
# Usage: bench/startup/startup.sh [-n RUNS] [JAR...]   (defaults: 3 runs, target/perimeter.jar)
set -euo pipefail
runs=3
if [[ ${1:-} == -n ]]; then runs=$2; shift 2; fi
jars=("$@")
[[ ${#jars[@]} -gt 0 ]] || jars=(target/perimeter.jar)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
tick=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$tick" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat"; }
start_once() { # $1 jar, $2 db dir; prints "wall-ms/cpu-ms" at the first 200
    local port pid t0 t1 cpu
    port=$(free_port)
    t0=$(now_ms)
    PERIMETER_DB_URL="jdbc:h2:file:$2/db" PERIMETER_PORT=$port java -jar "$1" >>"$2/log.txt" 2>&1 &
    pid=$!
    until curl -fso /dev/null "http://127.0.0.1:$port/"; do
        kill -0 $pid 2>/dev/null || { echo "server exited; see $2/log.txt" >&2; exit 1; }
        sleep 0.02
    done
    t1=$(now_ms)
    cpu=$(cpu_ms $pid)
    kill $pid
    wait $pid 2>/dev/null || true
    echo "$((t1 - t0))/$cpu"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A first second
for ((i = 0; i < runs; i++)); do
    for jar in "${jars[@]}"; do
        dir=$(mktemp -d)
        first[$jar]+="$(start_once "$jar" "$dir") "
        second[$jar]+="$(start_once "$jar" "$dir") "
        rm -rf "$dir"
    done
done
col() { tr ' ' '\n' <<<"$1" | grep . | cut -d/ -f"$2" | median; }
for jar in "${jars[@]}"; do
    echo "$jar: $(stat -c %s "$jar") bytes"
    echo "  first start (wall/cpu ms):  ${first[$jar]} median wall $(col "${first[$jar]}" 1), cpu $(col "${first[$jar]}" 2)"
    echo "  second start (wall/cpu ms): ${second[$jar]} median wall $(col "${second[$jar]}" 1), cpu $(col "${second[$jar]}" 2)"
done
