# bench/lb-quality-scenarios.sh — the overload scenarios of bench/lb-quality (SCENARIO=cold-join,
# overload, zipf); sourced by it once its cluster is up, with GATEWAY, ADMIN_TOKEN, WORK, CLIENTS, RATE,
# DURATION and the helpers of bench/common.sh in scope.

# round robin sends a cold node its full share at once, as nginx and HAProxy do without slow_start; a
# load-aware policy (p2c) already steers away from a node whose requests pile up, which hides what slow
# start is for
COLD_JOIN_POLICY=${COLD_JOIN_POLICY:-round-robin}
# zipf: enough clients in flight for the bound to mean something (with 8 over 3 instances it is 4)
ZIPF_CLIENTS=${ZIPF_CLIENTS:-32}
ZIPF_IO_MS=${ZIPF_IO_MS:-200}
OVERLOAD_IO_MS=${OVERLOAD_IO_MS:-50}
OVERLOAD_TIMEOUT_MS=${OVERLOAD_TIMEOUT_MS:-2000}
OVERLOAD_WARMUP=${OVERLOAD_WARMUP:-5}

# settings JSON: replace the api route's settings.
settings() {
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "$1" "$GATEWAY/admin/lb/routes/api" || die "could not apply $1"
}

# timed_load URL CLIENTS RATE SECONDS OUT: hey processes in the background, one per client, each on its
# own query key (URL gets &k=i); per-request "offset-seconds latency-ms status" lines in OUT once done.
# Sets TIMED_PIDS.
timed_load() {
  local url=$1 clients=$2 rate=$3 seconds=$4 out=$5 i
  TIMED_PIDS=()
  for i in $(seq 1 "$clients"); do
    hey -z "${seconds}s" -c 1 -q "$rate" -t 10 -o csv "$url&k=$(key_of "$i")" >"$out.$i" 2>/dev/null &
    TIMED_PIDS+=($!)
    HEY_PIDS+=($!)
  done
}

timed_wait() {
  local out=$1
  wait "${TIMED_PIDS[@]}" || true
  cat "$out".* | awk -F, '$1 ~ /^[0-9.]+$/ {print $8, $1 * 1000, $7}' >"$out"
  rm -f "$out".*
}

key_of() { printf '%s\n' "$1"; }

# warm_up PATH: JIT_WARMUP seconds of load on the fresh cluster, not measured.
warm_up() {
  timed_load "$GATEWAY$1" "$CLIENTS" "$RATE" "$JIT_WARMUP" "$WORK/warmup"
  timed_wait "$WORK/warmup"
}

# pct FILE FROM TO P: the P quantile (0..1) of the latencies of the 200s with offset in [FROM, TO).
pct() {
  awk -v from="$2" -v to="$3" '$1 >= from && $1 < to && $3 == 200 {print $2}' "$1" | sort -g |
    awk -v p="$4" '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; printf "%.1f", v[i] }'
}

scenario_cold_join() {
  local path="/api/work?cpuMs=2&ioMs=5" steady_s=20 after_s=30 mode body pid
  printf '| slowStart | steady p99 ms (before) | p99 ms, first 30 s after UP | ratio | non-200 after UP |\n|---|---:|---:|---:|---:|\n' >"$WORK/table"
  warm_up "$path"
  for mode in off 30s; do
    body="{\"policy\":\"$COLD_JOIN_POLICY\"}"
    [ "$mode" = off ] || body="{\"policy\":\"$COLD_JOIN_POLICY\",\"slowStart\":\"$mode\"}"
    settings "$body"
    timed_load "$GATEWAY$path" "$CLIENTS" "$RATE" "$steady_s" "$WORK/steady-$mode"
    timed_wait "$WORK/steady-$mode"
    # load all through the restart (not measured: the node drains, then a new JVM starts), then
    # measure the first after_s seconds once it is UP again, however long the restart took
    timed_load "$GATEWAY$path" "$CLIENTS" "$RATE" 600 "$WORK/during-$mode"
    "$ROOT/bin/cluster" restart node-3 >&2
    timed_load "$GATEWAY$path" "$CLIENTS" "$RATE" "$after_s" "$WORK/after-$mode"
    for pid in "${HEY_PIDS[@]}"; do
      case " ${TIMED_PIDS[*]} " in *" $pid "*) ;; *) kill "$pid" 2>/dev/null || true ;; esac
    done
    timed_wait "$WORK/after-$mode"
    steady=$(pct "$WORK/steady-$mode" 2 "$steady_s" 0.99)
    cold=$(pct "$WORK/after-$mode" 0 "$after_s" 0.99)
    bad=$(awk '$3 != 200' "$WORK/after-$mode" | wc -l)
    printf '| %s | %s | %s | %s | %s |\n' "$mode" "$steady" "$cold" \
      "$(awk -v a="$cold" -v b="$steady" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" "$bad" >>"$WORK/table"
    HEY_PIDS=()
    say "  cold-join slowStart=$mode done"
  done
  printf '\ncold node joins under load: %s, %s clients x <= %s req/s, GET %s; node-3 restarted (drained, new JVM)\n' \
    "$COLD_JOIN_POLICY" "$CLIENTS" "$RATE" "$path"
  printf '%s CPUs, load average %s at the end\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  cat "$WORK/table"
}

# open_load URL RATE SECONDS OUT: open-loop arrivals (bench/OpenLoad.java) at RATE requests/s, each given up
# after OVERLOAD_TIMEOUT_MS; "offset-seconds latency-ms status" lines in OUT (status 0: timed out).
open_load() {
  if [ ! -f "$WORK/openload/OpenLoad.class" ]; then
    mkdir -p "$WORK/openload"
    "$JAVA_HOME/bin/javac" -d "$WORK/openload" "$ROOT/bench/OpenLoad.java" || die "could not compile bench/OpenLoad.java"
  fi
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx256m -cp "$WORK/openload" OpenLoad "$1" "$2" "$3" "$OVERLOAD_TIMEOUT_MS" 8 >"$4"
}

# overload_row NAME OUT SHED_STATUS LIMIT: one row of the overload table from an open-loop run's lines, the
# first OVERLOAD_WARMUP seconds left out (the limit, the queues and the generator's JIT start from nothing)
overload_row() {
  local name=$1 out=$2 shed_status=$3 limit=$4 from=$OVERLOAD_WARMUP to good p99
  to=$((OVERLOAD_WARMUP + DURATION))
  good=$(awk -v f="$from" -v t="$to" '$3 == 200 && $1 >= f && $1 < t { n++ } END { printf "%.0f", n / (t - f) }' "$out")
  p99=$(pct "$out" "$from" "$to" 0.99)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$offered" "$good" \
    "$(awk -v g="$good" -v c="$capacity" 'BEGIN { printf "%.2f", g / c }')" "$p99" \
    "$(awk -v a="$p99" -v b="$unloaded" 'BEGIN { if (a + 0 > 0 && b > 0) printf "%.1f", a / b; else print "-" }')" \
    "$(awk -v s="$shed_status" -v f="$from" -v t="$to" '$3 == s && $1 >= f && $1 < t' "$out" | wc -l)" \
    "$(awk -v f="$from" -v t="$to" '$3 == 0 && $1 >= f && $1 < t' "$out" | wc -l)" "$limit" >>"$WORK/table"
}

# sample_limit OUT: the route's adaptive concurrency limit every 0.5 s into OUT, in the background
# (LIMIT_PID), from the gateway's gauge
sample_limit() {
  local out=$1
  : >"$out"
  (
    for _ in $(seq 1 $(((OVERLOAD_WARMUP + DURATION) * 2))); do
      curl -fsS --max-time 1 "$GATEWAY/actuator/prometheus" 2>/dev/null |
        awk '/^gateway_lb_concurrency_limit\{/ && /route="api"/ { print $NF }' >>"$out" || true
      sleep 0.5
    done
  ) &
  LIMIT_PID=$!
}

# limit_summary OUT: "mean (min–max)" of the samples after the warm-up
limit_summary() {
  tail -n +$((OVERLOAD_WARMUP * 2 + 1)) "$1" | sort -g |
    awk '{ v[NR] = $1; s += $1 } END { if (NR == 0) print "-"; else printf "%.0f (%d–%d)", s / NR, v[1], v[NR] }'
}

# drained PATH: wait (at most 90 s) until the nodes have worked off what an overloaded run left queued in
# them (a request answers within twice the unloaded p99) and the registry has them all UP again (their
# health checks wait in the same queue: an overloaded node is marked DOWN)
drained() {
  local t up
  for _ in $(seq 1 90); do
    t=$(curl -fsS -o /dev/null -w '%{time_total}' --max-time 5 "$GATEWAY$1&k=0" 2>/dev/null || echo 9)
    up=$(curl -fsS "$REGISTRY/v1/services/node-service" | jq '[.instances[] | select(.status == "UP")] | length')
    if [ "$up" -eq 3 ] && awk -v t="$t" -v u="$unloaded" 'BEGIN { exit !(t * 1000 < 2 * u) }'; then
      return 0
    fi
    sleep 1
  done
  say "  the nodes had not drained after 90 s"
}

scenario_overload() {
  local path="/api/work?ioMs=$OVERLOAD_IO_MS" out mode body threads
  threads=$OVERLOAD_THREADS
  warm_up "$path"
  settings '{"policy":"p2c"}'
  # capacity: what closed-loop clients, four times the nodes' threads, get through
  timed_load "$GATEWAY$path" $((3 * threads * 4)) 0 "$DURATION" "$WORK/capacity"
  timed_wait "$WORK/capacity"
  capacity=$(awk -v d="$DURATION" '$3 == 200 && $1 >= 1 { n++ } END { printf "%.0f", n / (d - 1) }' "$WORK/capacity")
  # unloaded: open-loop arrivals at a tenth of it
  open_load "$GATEWAY$path" "$(awk -v c="$capacity" 'BEGIN { printf "%.1f", c / 10 }')" "$DURATION" "$WORK/unloaded"
  unloaded=$(pct "$WORK/unloaded" 2 "$DURATION" 0.99)
  offered=$((capacity * 2))
  printf '| run | offered req/s (open loop) | goodput req/s | goodput / capacity | p99 ms of the 200s | p99 / unloaded p99 | shed (503 gateway, 502 nginx) | timed out (%s ms) | concurrency limit |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n' \
    "$OVERLOAD_TIMEOUT_MS" >"$WORK/table"
  # adaptiveLimit; maxInFlight at the nodes' threads without a queue (what nginx's max_conns does); nothing
  for mode in adaptiveLimit "maxInFlight=$threads" off; do
    case $mode in
      adaptiveLimit) body='{"policy":"p2c","adaptiveLimit":true}' ;;
      maxInFlight=*) body="{\"policy\":\"p2c\",\"maxInFlight\":$threads}" ;;
      *) body='{"policy":"p2c"}' ;;
    esac
    settings "$body"
    out="$WORK/over-${mode%%=*}"
    sample_limit "$WORK/limit-$mode"
    open_load "$GATEWAY$path" "$offered" $((OVERLOAD_WARMUP + DURATION)) "$out"
    wait "$LIMIT_PID" 2>/dev/null || true
    overload_row "gateway, $mode" "$out" 503 "$(case $mode in adaptiveLimit) limit_summary "$WORK/limit-$mode" ;;
      maxInFlight=*) echo "$((3 * threads)) (fixed)" ;; *) echo - ;; esac)"
    say "  overload gateway $mode done"
    drained "$path"
  done
  # nginx over the same nodes: no limit, then max_conns = the nodes' threads (no queue: 502 at once)
  nginx_up
  for name in round_robin max_conns; do
    out="$WORK/over-nginx-$name"
    open_load "http://127.0.0.1:${NGINX_PORTS[$name]}$path" "$offered" $((OVERLOAD_WARMUP + DURATION)) "$out"
    overload_row "nginx $name$([ "$name" = max_conns ] && echo "=$NGINX_MAX_CONNS per server")" "$out" 502 \
      "$( [ "$name" = max_conns ] && echo "$((3 * NGINX_MAX_CONNS)) (fixed)" || echo -)"
    say "  overload nginx $name done"
    drained "$path"
  done
  nginx_down
  printf '\n2x capacity: GET %s on nodes of %s platform threads; capacity %s req/s (%s closed-loop clients), unloaded p99 %s ms (open loop at a tenth of it); open loop at %s req/s, %ss per row after %ss not counted\n' \
    "$path" "$threads" "$capacity" $((3 * threads * 4)) "$unloaded" "$offered" "$DURATION" "$OVERLOAD_WARMUP"
  printf '%s CPUs, load average %s at the end\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  cat "$WORK/table"
}

MOVE_KEYS=${MOVE_KEYS:-300}

# key_owners BASE OUT: "key instance" for keys 1..MOVE_KEYS, each asked once (GET /api/whoami?k=key)
key_owners() {
  local k
  for k in $(seq 1 "$MOVE_KEYS"); do printf 'url = "%s/api/whoami?k=%s"\n' "$1" "$k"; done >"$WORK/urls"
  curl -s --max-time 60 -K "$WORK/urls" -w '\n' | jq -rR 'fromjson? | .instanceId // "-"' | paste -d' ' <(seq 1 "$MOVE_KEYS") - >"$2"
}

# moved BEFORE AFTER: "moved keys, of them on node-3 before, keys on node-3 before"
moved() {
  join <(sort -k1,1 "$1") <(sort -k1,1 "$2") | awk '{ if ($2 == "node-3") on3++; if ($2 != $3) { m++; if ($2 == "node-3") m3++ } }
    END { printf "%d %d %d", m, m3, on3 }'
}

# key_moves: how many of MOVE_KEYS keys move when node-3 leaves, through the gateway (consistent-hash with
# hashBalanceFactor 1.25, node-3 DRAINING in the registry) and through nginx (hash $arg_k consistent,
# node-3's server line removed and nginx reloaded); a table into $WORK/moves
key_moves() {
  local addr3 m m3 on3 state
  printf '| proxy | keys moved | of them from node-3 | keys on node-3 before | moved / keys |\n|---|---:|---:|---:|---:|\n' >"$WORK/moves"
  settings '{"policy":"consistent-hash","hashKey":"query:k","hashBalanceFactor":1.25}'
  key_owners "$GATEWAY" "$WORK/keys-gw-before"
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $REGISTRY_TOKEN" -H 'Content-Type: application/json' \
    -d '{"status":"DRAINING"}' "$REGISTRY/v1/services/node-service/instances/node-3/status" || die "could not drain node-3"
  for _ in $(seq 1 50); do
    state=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$GATEWAY/admin/lb" | jq -r '.instances[] | select(.instanceId == "node-3") | .status')
    [ "$state" = DRAINING ] && break
    sleep 0.2
  done
  key_owners "$GATEWAY" "$WORK/keys-gw-after"
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $REGISTRY_TOKEN" -H 'Content-Type: application/json' \
    -d '{"status":"UP"}' "$REGISTRY/v1/services/node-service/instances/node-3/status" || die "could not undrain node-3"
  read -r m m3 on3 <<<"$(moved "$WORK/keys-gw-before" "$WORK/keys-gw-after")"
  printf '| gateway | %s | %s | %s | %s |\n' "$m" "$m3" "$on3" "$(awk -v m="$m" -v k="$MOVE_KEYS" 'BEGIN { printf "%.2f", m / k }')" >>"$WORK/moves"
  key_owners "http://127.0.0.1:${NGINX_PORTS[hash]}" "$WORK/keys-nginx-before"
  addr3=$(curl -fsS "$REGISTRY/v1/services/node-service" | jq -r '.instances[] | select(.instanceId == "node-3") | "\(.host):\(.port)"')
  sed -i "/server $addr3;/d" "$NGINX_DIR/nginx.conf"
  kill -HUP "$NGINX_PID"
  sleep 2
  key_owners "http://127.0.0.1:${NGINX_PORTS[hash]}" "$WORK/keys-nginx-after"
  read -r m m3 on3 <<<"$(moved "$WORK/keys-nginx-before" "$WORK/keys-nginx-after")"
  printf '| nginx | %s | %s | %s | %s |\n' "$m" "$m3" "$on3" "$(awk -v m="$m" -v k="$MOVE_KEYS" 'BEGIN { printf "%.2f", m / k }')" >>"$WORK/moves"
}

scenario_zipf() {
  local path="/api/work?ioMs=$ZIPF_IO_MS" mode body samples skip
  # each client hashes one key, drawn from Zipf 1.1 over 1000 keys (seeded)
  key_of() { awk -v seed="$1" 'BEGIN { srand(seed); n = 1000; s = 0; for (k = 1; k <= n; k++) s += 1 / k ^ 1.1;
    u = rand() * s; c = 0; for (k = 1; k <= n; k++) { c += 1 / k ^ 1.1; if (c >= u) { print k; exit } } }'; }
  printf '| proxy | hashBalanceFactor | max/mean in flight (mean over samples) | worst sample | max/mean of the mean in flight | non-200 |\n|---|---|---:|---:|---:|---:|\n' >"$WORK/table"
  for mode in off 1.25; do
    body='{"policy":"consistent-hash","hashKey":"query:k"}'
    [ "$mode" = off ] || body="{\"policy\":\"consistent-hash\",\"hashKey\":\"query:k\",\"hashBalanceFactor\":$mode}"
    settings "$body"
    timed_load "$GATEWAY$path" "$ZIPF_CLIENTS" 0 "$DURATION" "$WORK/zipf-$mode"
    : >"$WORK/samples-$mode"
    sleep 1
    for _ in $(seq 1 $((DURATION * 4 - 8))); do
      # one line per sample: every instance's in flight, in instanceId order
      curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$GATEWAY/admin/lb" |
        jq -r '[.instances | sort_by(.instanceId) | .[].inFlight] | select(add > 0) | map(tostring) | join(" ")' \
          >>"$WORK/samples-$mode" || true
      sleep 0.25
    done
    timed_wait "$WORK/zipf-$mode"
    # per sample max/mean, averaged, and the worst; then the instances' mean in flight over the run, max/mean
    samples=$(awk '{ s = 0; m = 0; for (i = 1; i <= NF; i++) { s += $i; if ($i > m) m = $i; t[i] += $i } r = m / (s / NF); a += r; if (r > w) w = r; n = NF }
      END { s = 0; m = 0; for (i = 1; i <= n; i++) { s += t[i]; if (t[i] > m) m = t[i] } printf "%.2f %.2f %.2f", a / NR, w, m / (s / n) }' "$WORK/samples-$mode")
    read -r s_mean s_worst s_time <<<"$samples"
    printf '| gateway | %s | %s | %s | %s | %s |\n' "$mode" "$s_mean" "$s_worst" "$s_time" \
      "$(awk '$3 != 200' "$WORK/zipf-$mode" | wc -l)" >>"$WORK/table"
    say "  zipf hashBalanceFactor=$mode done"
  done
  # nginx: hash $arg_k consistent over the same nodes and the same keys; it has no in-flight figure, so
  # each server's mean in flight comes from its access log: the sum of its requests' times over the run
  # (Little's law)
  nginx_up
  skip=$(wc -l <"$NGINX_DIR/hash.log")
  timed_load "http://127.0.0.1:${NGINX_PORTS[hash]}$path" "$ZIPF_CLIENTS" 0 "$DURATION" "$WORK/zipf-nginx"
  timed_wait "$WORK/zipf-nginx"
  printf '| nginx | (hash $arg_k consistent) | - | - | %s | %s |\n' \
    "$(tail -n +"$((skip + 1))" "$NGINX_DIR/hash.log" | awk '{ t[$1] += $3 } END { n = 0; s = 0; m = 0; for (k in t) { n++; s += t[k]; if (t[k] > m) m = t[k] } while (n < 3) n++; printf "%.2f", m / (s / n) }')" \
    "$(awk '$3 != 200' "$WORK/zipf-nginx" | wc -l)" >>"$WORK/table"
  say "  zipf nginx done"
  key_moves
  nginx_down
  printf '\nZipf 1.1 keys: %s closed-loop clients, one key each (%s), GET %s, %ss per row\n' "$ZIPF_CLIENTS" \
    "$(for i in $(seq 1 "$ZIPF_CLIENTS"); do key_of "$i"; done | tr '\n' ' ' | sed 's/ $//')" "$path" "$DURATION"
  printf '%s CPUs, load average %s at the end\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  cat "$WORK/table"
  printf '\nRemoving one of 3 instances: node-3 DRAINING in the registry (gateway, hashBalanceFactor 1.25), its server\nline removed and nginx reloaded (nginx); %s keys, asked one at a time, before and after:\n\n' "$MOVE_KEYS"
  cat "$WORK/moves"
}
