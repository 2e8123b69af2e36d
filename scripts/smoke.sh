#!/usr/bin/env bash
# Starts `npm start` on the embedded PostgreSQL (no DATABASE_URL) from this checkout, checks / and a page
# in each language, stops it with SIGTERM (no orphan postgres left), starts it again (data kept),
# kills it with -9 and starts once more (it must recover by itself).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/dauys-smoke-XXXXXX)
port=${SMOKE_PORT:-3917}
pgport=${SMOKE_PG_PORT:-54917}
log="$data/app.log"
pid=""

start() {
  env -u DATABASE_URL DATA_DIR="$data/data" PORT="$port" EMBEDDED_PG_PORT="$pgport" LOG_LEVEL=info setsid npm start >>"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "smoke: the app exited during start-up:"; cat "$log"; return 1; }
    sleep 0.5
  done
  echo "smoke: the app did not answer within 60 s"; cat "$log"; return 1
}

check_pages() {
  test "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Accept-Language: kk' "http://127.0.0.1:$port/")" = "302 http://127.0.0.1:$port/kk/"
  for lang in en ru kk pl; do
    local home petition
    home=$(curl -fsS "http://127.0.0.1:$port/$lang/")
    petition=$(curl -fsS "http://127.0.0.1:$port/$lang/petitions/zhanaozen-list")
    [[ "$home" == *"<html lang=\"$lang\""* ]] || { echo "smoke: /$lang/ failed"; return 1; }
    [[ "$petition" == *'name="rendered"'* ]] || { echo "smoke: petition page /$lang/ failed"; return 1; }
  done
}

count() { curl -fsS "http://127.0.0.1:$port/api/v1/petitions/zhanaozen-list" | sed -E 's/.*"signatureCount":([0-9]+).*/\1/'; }

# Signs through the form, takes the confirmation link from the file outbox and confirms it.
sign_and_confirm() {
  local page rendered link token
  page=$(curl -fsS "http://127.0.0.1:$port/en/petitions/zhanaozen-list")
  rendered=$(printf '%s' "$page" | grep -o 'name="rendered" value="[^"]*' | sed 's/.*value="//')
  curl -fsS -o /dev/null -H 'Sec-Fetch-Site: same-origin' --data-urlencode "rendered=$rendered" --data-urlencode "name=Smoke Test" \
    --data-urlencode "email=smoke@example.org" --data-urlencode "country=KZ" --data-urlencode "consent=on" "http://127.0.0.1:$port/en/petitions/zhanaozen-list/signatures"
  # Without SMTP_URL the email is written to DATA_DIR/outbox and its links are logged.
  for _ in $(seq 1 60); do grep -q '/en/confirm/' "$log" && break; sleep 0.5; done
  ls "$data/data/outbox/"*.eml >/dev/null
  link=$(grep -o 'http://localhost:[0-9]*/en/confirm/[A-Za-z0-9_-]*' "$log" | head -1)
  token=${link##*/}
  curl -fsS -o /dev/null "http://127.0.0.1:$port/en/confirm/$token"
  test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Sec-Fetch-Site: same-origin' -X POST "http://127.0.0.1:$port/en/confirm/$token")" = 303
  sleep 1.2
}

cleanup() {
  [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true
  sleep 1
  rm -rf "$data"
}
trap cleanup EXIT

start; check_pages; echo "smoke: pages in en ru kk pl answered"
sign_and_confirm; test "$(count)" = 1 || { echo "smoke: the confirmed signature was not counted"; exit 1; }
echo "smoke: signed through the form, confirmed from the outbox email, counted"
# The email workers run in their own thread, at a lower CPU priority than the thread answering requests.
node_pid=$(pgrep -s "$pid" -f 'src/server.ts' | head -1)
ps -L -o nice= -p "$node_pid" | grep -qx ' *10' || { echo "smoke: no job thread at nice 10 in the app (pid $node_pid)"; ps -L -o tid=,nice=,comm= -p "$node_pid"; exit 1; }
echo "smoke: the job workers run in their own thread at nice 10"

kill -TERM "$pid"; wait "$pid" || true
sleep 0.5
if pgrep -af "postgres" | grep -v grep | grep -q -- "-p $pgport"; then echo "smoke: postgres still running after SIGTERM"; exit 1; fi
echo "smoke: SIGTERM stopped the app and its database"

start; check_pages; test "$(count)" = 1 || { echo "smoke: data lost across a restart"; exit 1; }
echo "smoke: restarted with the same data"
kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"; sleep 0.5
start; check_pages; test "$(count)" = 1 || { echo "smoke: data lost after kill -9"; exit 1; }
echo "smoke: recovered after kill -9 of the app (its orphaned database was stopped and restarted)"

# Now kill the app and its database server together, as a power cut would.
cluster=$(cat "$data/data/pg-location.txt" 2>/dev/null || echo "$data/data/pg")
postmaster=$(head -1 "$cluster/postmaster.pid")
kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
kill -KILL "$postmaster"; sleep 0.5
start; check_pages; test "$(count)" = 1 || { echo "smoke: data lost after killing the database"; exit 1; }
echo "smoke: recovered after kill -9 of the app and its database"
kill -TERM "$pid"; wait "$pid" || true
pid=""
echo "smoke: ok"
