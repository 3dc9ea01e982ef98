#!/usr/bin/env bash
# Seeds a million companies (LiveDemo:SeedScale=1000) in a fresh Live Demo (SQLite files in a temporary folder),
# runs "Recompute risk scores" over all of them as a background job, and samples the process's resident memory
# (VmRSS) every 2 seconds until the job ends: the job's memory must stay flat whatever the selection's size.
# Usage: bench/scripts/recompute-million.sh [scale=1000] [port=5099]
set -euo pipefail
cd "$(dirname "$0")/../.."
scale=${1:-1000}
port=${2:-5099}
dir=$(mktemp -d /tmp/forest-million.XXXXXX)
url=http://127.0.0.1:$port
dotnet build -c Release SampleApp -v q -nologo >/dev/null
start=$(date +%s)
ASPNETCORE_URLS=$url LiveDemo__SeedScale=$scale LiveDemo__JobDelayMs=0 Logging__LogLevel__Default=Warning \
  dotnet SampleApp/bin/Release/net10.0/SampleApp.dll --contentRoot "$dir" > "$dir/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status; }
until curl -sf "$url/forest/health" >/dev/null; do sleep 1; kill -0 $pid || { cat "$dir/log"; exit 1; }; done
echo "seeded $(( scale * 1000 )) companies in $(( $(date +%s) - start )) s; RSS after start: $(rss) MiB"
token=$(curl -sf -H 'Content-Type: application/json' -d '{"email":"admin@forest.demo","password":"livedemo"}' "$url/forest/authentication" | sed 's/.*"token":"\([^"]*\)".*/\1/')
body='{"data":{"type":"custom-action-requests","attributes":{"collection_name":"companies","ids":[],"values":{},"all_records":true,"all_records_ids_excluded":[],"all_records_subset_query":{}}}}'
answer=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$url/forest/actions/recompute-risk-scores?timezone=UTC")
job=$(echo "$answer" | sed 's/.*"job":{"id":"\([^"]*\)".*/\1/')
echo "queued: $answer"
peak=0; samples=""; started=$(date +%s)
while true; do
  state=$(curl -sf -H "Authorization: Bearer $token" "$url/forest/jobs/$job")
  status=$(echo "$state" | sed 's/.*"status":"\([a-z]*\)".*/\1/')
  done_=$(echo "$state" | sed 's/.*"done":\([0-9]*\).*/\1/')
  now=$(rss); peak=$(( now > peak ? now : peak )); samples="$samples $now"
  echo "$(( $(date +%s) - started )) s: $status, $done_ done, RSS $now MiB"
  case $status in succeeded|failed|cancelled|interrupted) break;; esac
  sleep 2
done
echo "job $status in $(( $(date +%s) - started )) s; RSS peak $peak MiB; samples (MiB):$samples"
