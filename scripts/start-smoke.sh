#!/usr/bin/env bash
# Runs `npm start` on a fresh data folder and a free port, waits for /healthz, checks the
# console and the first-administrator banner, then stops the server. Prints start-to-ready time.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
log="$data/start.log"
t0=$(date +%s%N)
DATA_DIR="$data" PORT="$port" npm start >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; pkill -P "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "npm start exited:"; cat "$log"; exit 1; fi
  sleep 0.1
done
t1=$(date +%s%N)
curl -fsS "http://127.0.0.1:$port/healthz"; echo
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "console page missing"; exit 1; }
grep -q "账号 admin" "$log" || { echo "first administrator banner missing:"; cat "$log"; exit 1; }
echo "npm start: ready in $(( (t1 - t0) / 1000000 )) ms"
