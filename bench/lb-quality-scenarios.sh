# bench/lb-quality-scenarios.sh — the overload scenarios of bench/lb-quality (SCENARIO=cold-join,
# overload, zipf); sourced by it once its cluster is up, with GATEWAY, ADMIN_TOKEN, WORK, CLIENTS, RATE,
# DURATION and the helpers of bench/common.sh in scope.

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
    body='{"policy":"p2c"}'
    [ "$mode" = off ] || body="{\"policy\":\"p2c\",\"slowStart\":\"$mode\"}"
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
  printf '\ncold node joins under load: %s clients x <= %s req/s, GET %s; node-3 restarted (drained, new JVM)\n' \
    "$CLIENTS" "$RATE" "$path"
  cat "$WORK/table"
}

scenario_overload() {
  local path="/api/work?cpuMs=5" out unloaded capacity clients mode body
  warm_up "$path"
  settings '{"policy":"p2c"}'
  timed_load "$GATEWAY$path" 1 0 "$DURATION" "$WORK/unloaded"
  timed_wait "$WORK/unloaded"
  unloaded=$(pct "$WORK/unloaded" 1 "$DURATION" 0.99)
  # capacity: what closed-loop clients without a rate get through
  timed_load "$GATEWAY$path" $((CLIENTS * 2)) 0 "$DURATION" "$WORK/capacity"
  timed_wait "$WORK/capacity"
  capacity=$(awk -v d="$DURATION" '$3 == 200 && $1 >= 1 { n++ } END { printf "%.0f", n / (d - 1) }' "$WORK/capacity")
  # twice that: twice the closed-loop clients that measured it (closed-loop clients at a rate
  # would only slow down as latency grows, never offer more than they get)
  clients=$((CLIENTS * 4))
  printf '| adaptiveLimit | offered (closed loop) | goodput req/s | goodput / capacity | p99 ms of the 200s | p99 / unloaded p99 | 503 shed |\n|---|---:|---:|---:|---:|---:|---:|\n' >"$WORK/table"
  for mode in off on; do
    body='{"policy":"p2c"}'
    [ "$mode" = off ] || body='{"policy":"p2c","adaptiveLimit":true}'
    settings "$body"
    out="$WORK/over-$mode"
    timed_load "$GATEWAY$path" "$clients" 0 "$DURATION" "$out"
    timed_wait "$out"
    good=$(awk -v d="$DURATION" '$3 == 200 && $1 >= 1 { n++ } END { printf "%.0f", n / (d - 1) }' "$out")
    p99=$(pct "$out" 1 "$DURATION" 0.99)
    shed=$(awk '$3 == 503' "$out" | wc -l)
    printf '| %s | %s clients | %s | %s | %s | %s | %s |\n' "$mode" "$clients" "$good" \
      "$(awk -v g="$good" -v c="$capacity" 'BEGIN { printf "%.2f", g / c }')" "$p99" \
      "$(awk -v a="$p99" -v b="$unloaded" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')" "$shed" >>"$WORK/table"
    say "  overload adaptiveLimit=$mode done"
  done
  printf '\n2x capacity: GET %s; capacity %s req/s (%s closed-loop clients), unloaded p99 %s ms (1 client); %s closed-loop clients offered\n' \
    "$path" "$capacity" $((CLIENTS * 2)) "$unloaded" "$clients"
  cat "$WORK/table"
}

scenario_zipf() {
  local path="/api/work?ioMs=50" mode body samples
  # each client hashes one key, drawn from Zipf 1.1 over 1000 keys (seeded)
  key_of() { awk -v seed="$1" 'BEGIN { srand(seed); n = 1000; s = 0; for (k = 1; k <= n; k++) s += 1 / k ^ 1.1;
    u = rand() * s; c = 0; for (k = 1; k <= n; k++) { c += 1 / k ^ 1.1; if (c >= u) { print k; exit } } }'; }
  printf '| hashBalanceFactor | max/mean in flight (mean over samples) | worst sample | non-200 |\n|---|---:|---:|---:|\n' >"$WORK/table"
  for mode in off 1.25; do
    body='{"policy":"consistent-hash","hashKey":"query:k"}'
    [ "$mode" = off ] || body="{\"policy\":\"consistent-hash\",\"hashKey\":\"query:k\",\"hashBalanceFactor\":$mode}"
    settings "$body"
    timed_load "$GATEWAY$path" "$CLIENTS" 0 "$DURATION" "$WORK/zipf-$mode"
    : >"$WORK/samples-$mode"
    sleep 1
    for _ in $(seq 1 $((DURATION * 4 - 8))); do
      curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$GATEWAY/admin/lb" |
        jq -r '[.instances[].inFlight] | select(add > 0) | "\(max) \(add / length)"' >>"$WORK/samples-$mode" || true
      sleep 0.25
    done
    timed_wait "$WORK/zipf-$mode"
    samples=$(awk '{ r = $1 / $2; s += r; if (r > w) w = r } END { printf "%.2f %.2f", s / NR, w }' "$WORK/samples-$mode")
    printf '| %s | %s | %s | %s |\n' "$mode" "${samples% *}" "${samples#* }" \
      "$(awk '$3 != 200' "$WORK/zipf-$mode" | wc -l)" >>"$WORK/table"
    say "  zipf hashBalanceFactor=$mode done"
  done
  printf '\nZipf 1.1 keys: %s closed-loop clients, one key each, GET %s, %ss per row\n' "$CLIENTS" "$path" "$DURATION"
  cat "$WORK/table"
}
