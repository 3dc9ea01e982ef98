#!/usr/bin/env bash
# Forest.Mvc (the Live Demo, Release, on PostgreSQL) against Forest Admin's own Node.js agent (@forestadmin/agent
# with @forestadmin/datasource-sql, alone and in two node:cluster workers) on the SAME PostgreSQL database, with a
# local stand-in for the Forest Admin server (bench/node-agent). Interleaved wrk rounds on loopback; prints a table.
# Nothing leaves the machine.
#
# usage: bench/scripts/compare-node-agent.sh [seconds per round=10] [rounds=3] [connections=32] [warm-up seconds per side and route=20]
# needs: PostgreSQL on 127.0.0.1 (PGUSER/PGPASSWORD, default forest/forest, allowed to create databases), node, npm, wrk, psql
set -euo pipefail
seconds=${1:-10}; rounds=${2:-3}; connections=${3:-32}; warmup=${4:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-forest} PGPASSWORD=${PGPASSWORD:-forest}
data=forest_cmp_data store=forest_cmp_store
secret=forest-mvc-bench-secret-0123456789-abcdefghij
envsecret=$(printf 'a%.0s' $(seq 1 64))
work=$(mktemp -d /tmp/forest-compare.XXXX)
pids=()
cleanup() { [ -f "$work/agent.log" ] && tail -25 "$work/agent.log" >&2; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for db in $data $store; do psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"; done
(cd "$root/bench/node-agent" && npm ci --no-audit --no-fund --silent)
dotnet build -c Release "$root/SampleApp" -v q --nologo > "$work/build.log"

wait_for() { for _ in $(seq 1 240); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }
# The peak under load, not the Live Demo's first-start seeding: the high-water mark is reset once both sides answer.
reset_peak() { for p in "$@"; do echo 5 > /proc/$p/clear_refs; done; }
rss() { local total=0; for p in "$@"; do total=$((total + $(awk '/VmHWM/ {print $2}' /proc/$p/status))); done; echo $((total / 1024)); }

# Forest.Mvc: the Live Demo, seeded into the two databases on its first start.
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:5310 LiveDemo__Provider=PostgreSql \
  ConnectionStrings__LiveDemo="Host=$PGHOST;Username=$PGUSER;Password=$PGPASSWORD;Database=$data" \
  ConnectionStrings__ForestStore="Host=$PGHOST;Username=$PGUSER;Password=$PGPASSWORD;Database=$store" \
  Forest__AuthSecret=$secret Forest__Login__MaxAttemptsPerAddress=1000000 Logging__LogLevel__Default=Warning \
  "$root/SampleApp/bin/Release/net10.0/SampleApp" > "$work/forest.log" 2>&1 &
forest=$!; pids+=($forest)
wait_for http://127.0.0.1:5310/forest/health
ftoken=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"email":"admin@forest.demo","password":"livedemo"}' \
  http://127.0.0.1:5310/forest/authentication | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
live=$(psql -qtA -d $data -c "SELECT \"Id\" FROM \"Companies\" WHERE \"Status\" = 'live' ORDER BY \"Id\" LIMIT 1")

node "$root/bench/node-agent/forest-server-standin.js" 5320 Companies "Mark as Live" > "$work/standin.log" 2>&1 &
pids+=($!)
start_agent() { # workers [extra env]
  (cd "$root/bench/node-agent" && exec env ${2:-} WORKERS=$1 PORT=5330 DATABASE_URL="postgres://$PGUSER:$PGPASSWORD@$PGHOST:5432/$data" \
    FOREST_SERVER_URL=http://127.0.0.1:5320 AUTH_SECRET=$secret ENV_SECRET=$envsecret node agent.js) > "$work/agent.log" 2>&1 &
  agent=$!; pids+=($agent)
  for _ in $(seq 1 240); do curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:5330/forest/ 2>/dev/null | grep -qv 000 && break; sleep 0.5; done
}
agent_processes() { echo $agent $(pgrep -P $agent | tr '\n' ' '); } # the primary and its node:cluster workers
atoken=$(cd "$root/bench/node-agent" && AUTH_SECRET=$secret node token.js)

body() { printf '{"data":{"type":"custom-action-requests","attributes":{"collection_name":"%s","ids":["%s"],"values":{},"all_records":false,"all_records_ids_excluded":[],"smart_action_id":"%s"}}}' "$1" "$2" "$3"; }
lua() { # method body token -> a wrk script
  printf 'wrk.method = "%s"\nwrk.headers["Authorization"] = "Bearer %s"\nwrk.headers["Content-Type"] = "application/json"\n' "$1" "$3"
  [ -n "$2" ] && printf "wrk.body = '%s'\n" "$2"; true
}
lua POST "$(body companies $live companies-Mark@@@as@@@Live)" "$ftoken" > "$work/f-action.lua"
lua GET "" "$ftoken" > "$work/f-get.lua"
lua POST "$(body Companies $live Companies-0-mark-as-live)" "$atoken" > "$work/a-action.lua"
lua GET "" "$atoken" > "$work/a-get.lua"

declare -A url=(
  [f-action]="http://127.0.0.1:5310/forest/actions/mark-as-live?timezone=UTC"
  [f-record]="http://127.0.0.1:5310/forest/companies/6?timezone=UTC"
  [f-list]="http://127.0.0.1:5310/forest/companies?timezone=UTC&page%5Bnumber%5D=1&page%5Bsize%5D=15"
  [a-action]="http://127.0.0.1:5330/forest/_actions/Companies/0/mark-as-live?timezone=UTC"
  [a-record]="http://127.0.0.1:5330/forest/Companies/6?timezone=UTC"
  [a-list]="http://127.0.0.1:5330/forest/Companies?timezone=UTC&page%5Bnumber%5D=1&page%5Bsize%5D=15"
)
check() { # side route expected-status
  local script=$work/$1-get.lua; [ "$2" = action ] && script=$work/$1-action.lua
  local method=GET; [ "$2" = action ] && method=POST
  local status; status=$(curl -s -o "$work/check.json" -w '%{http_code}' -X $method -H "Authorization: Bearer $([ $1 = f ] && echo $ftoken || echo $atoken)" \
    -H 'Content-Type: application/json' $( [ "$2" = action ] && echo --data-binary @<(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$script") ) "${url[$1-$2]}")
  [ "$status" = "$3" ] || { echo "$1 $2 answered $status, not $3: $(head -c 300 "$work/check.json")" >&2; exit 1; }
}
run() { # side route -> "req/s p99(ms)"
  local script=$work/$1-get.lua; [ "$2" = action ] && script=$work/$1-action.lua
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$script" "${url[$1-$2]}" | python3 -c '
import sys,re
t=sys.stdin.read()
rps=float(re.search(r"Requests/sec:\s+([\d.]+)",t).group(1))
m=re.search(r"99%\s+([\d.]+)(us|ms|s)\b",t); v=float(m.group(1))*{"us":0.001,"ms":1,"s":1000}[m.group(2)]
print(f"{rps:.0f} {v:.1f}")'
}

declare -A result
measure() { # label: interleaved rounds of Forest.Mvc and the agent on each route
  for route in action record list; do
    local fr=() ar=() fp=() ap=()
    # Both sides first run the route unmeasured until their JITs are done (.NET's tiered PGO recompiles the hot
    # paths for about 15-20 s of load on 2 cores; V8 optimises too): the rounds then compare steady states.
    seconds=$warmup run f $route > /dev/null; seconds=$warmup run a $route > /dev/null
    for _ in $(seq 1 "$rounds"); do
      read -r r p < <(run f $route); fr+=($r); fp+=($p)
      read -r r p < <(run a $route); ar+=($r); ap+=($p)
    done
    result[$1-$route]="$(python3 -c 'import statistics,sys; a=sys.argv[1:]; n=len(a)//4; f=[float(x) for x in a[:n]]; g=[float(x) for x in a[n:2*n]]; fp=[float(x) for x in a[2*n:3*n]]; gp=[float(x) for x in a[3*n:]]; print(f"{statistics.median(f):.0f} {statistics.median(fp):.1f} {statistics.median(g):.0f} {statistics.median(gp):.1f}")' "${fr[@]}" "${ar[@]}" "${fp[@]}" "${ap[@]}")"
  done
}

rm -f "$root/bench/node-agent/.forestadmin-schema.json"
start_agent 1 GENERATE_SCHEMA=1 # development mode writes the schema file that production reads
for _ in $(seq 1 120); do [ -s "$root/bench/node-agent/.forestadmin-schema.json" ] && break; sleep 0.5; done
kill $agent; wait $agent 2>/dev/null || true
start_agent 1
check f action 400; check a action 400; check f record 200; check a record 200; check f list 200; check a list 200
reset_peak $forest $agent
measure one
one_rss=$(rss $agent)
kill $agent; wait $agent 2>/dev/null || true
start_agent 2
check a action 400
reset_peak $(agent_processes)
measure two
two_rss=$(rss $(agent_processes))
forest_rss=$(rss $forest)

echo
echo "$(date -u +%F) · $(nproc) cores · wrk -t2 -c$connections · ${warmup}s warm-up per side and route, then $rounds interleaved rounds of ${seconds}s · medians"
echo
echo "| Route | Forest.Mvc req/s (p99 ms) | @forestadmin/agent req/s (p99 ms) | ratio | agent × 2 workers req/s (p99 ms) | ratio |"
echo "|---|---:|---:|---:|---:|---:|"
for route in action record list; do
  read -r f fp a ap <<<"${result[one-$route]}"
  read -r f2 fp2 a2 ap2 <<<"${result[two-$route]}"
  echo "| $route | $f ($fp) | $a ($ap) | $(python3 -c "print(f'{$f/$a:.2f}×')") | $a2 ($ap2) | $(python3 -c "print(f'{$f2/$a2:.2f}×')") |"
done
echo "| peak RSS | $forest_rss MiB | $one_rss MiB | | $two_rss MiB (all processes) | |"
