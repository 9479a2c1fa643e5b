# shellcheck shell=bash
# bench/lb-quality-attempts.sh — the scenarios of bench/lb-quality around the attempt (sourced by it):
#
#   retry-budget  node 1 fails every request (chaos errorRate 1.0), 500 is retried and ejection is off, so
#                 that only the budget holds the retries back: upstream attempts per client request with no
#                 budget, then with the route's retryBudget $BUDGET_PERCENT; then nginx over the same nodes
#                 with proxy_next_upstream http_500 and proxy_next_upstream_tries $NGINX_TRIES (nginx has no
#                 budget), with max_fails=0 (no ejection, as the gateway here) and with nginx's default
#                 max_fails=1 (a server that failed is left alone for fail_timeout, 10 s).
#   hedge         node 1 is $TAIL_MS ms slower on $TAIL_RATE of its requests (chaos latencyRate): the client
#                 p99 with no hedge and with the route's hedge $HEDGE, alternately, $HEDGE_ROUNDS rounds each
#                 (the machine's load moves between rows; alternating spreads that over both). nginx has no
#                 hedging.
#
# The route's retryBudget and hedge are switched live with PUT /admin/lb/routes/api, on the same gateway
# JVM; round-robin throughout.

BUDGET_PERCENT=${BUDGET_PERCENT:-10}
HEDGE=${HEDGE:-p95}
TAIL_MS=${TAIL_MS:-200}
TAIL_RATE=${TAIL_RATE:-0.05}
HEDGE_ROUNDS=${HEDGE_ROUNDS:-2}

# what the retry-budget scenario needs from the gateway's start: 500 retried, no ejection at all
attempt_scenarios_env() {
  export GATEWAY_RETRY_STATUSES=500,502,503,504
  export GATEWAY_BALANCER_EJECTION_CONSECUTIVEFAILURES=1000000
  export GATEWAY_BALANCER_EJECTION_SUCCESSRATE_ENABLED=false
}

# route_attempts JSON: the api route's settings (round-robin and these)
route_attempts() {
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "$1" "$GATEWAY/admin/lb/routes/api" || die "could not apply $1"
}

chaos_node1() {
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "$1" "http://$SLOW_ADDR/admin/chaos" || die "could not set chaos $1 on $SLOW"
}

all_requests() {
  curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$GATEWAY/admin/lb" | jq '[.instances[].requests] | add // 0'
}

# hedges_sent: second attempts sent since the gateway started (cancelled ones are not in its requests)
hedges_sent() {
  curl -fsS "$GATEWAY/actuator/prometheus" |
    awk '/^gateway_lb_hedges_total\{/ && /result="sent"/ { n += $NF } END { printf "%d", n }'
}

# measure_attempts NAME: one run; "NAME p50 p99 rps non200 attempts-per-request hedges load" into
# $RESULTS_ATTEMPTS. The gateway's attempts are its instances' requests (an attempt that lost to its hedge,
# or a hedge that lost, was cancelled and is not in them: the hedges sent are counted apart).
measure_attempts() {
  local name=$1 before after hedges_before hedges_after n
  load "$GATEWAY" "$WARMUP" "$WORK/warmup"
  before=$(all_requests)
  hedges_before=$(hedges_sent)
  load "$GATEWAY" "$DURATION" "$WORK/$name"
  after=$(all_requests)
  hedges_after=$(hedges_sent)
  n=$(wc -l <"$WORK/$name")
  printf '%s %s %s %s %s\n' "$name" "$(summary "$WORK/$name")" \
    "$(awk -v a=$((after - before)) -v n="$n" 'BEGIN { if (n > 0) printf "%.3f", a / n; else print "-" }')" \
    "$((hedges_after - hedges_before))" "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS_ATTEMPTS"
  say "  $name done"
}

# measure_nginx_attempts NAME UPSTREAM: the same through nginx; attempts from its access log
# ($upstream_addr lists every server tried)
measure_nginx_attempts() {
  local name=$1 upstream=$2 port log skip
  port=${NGINX_PORTS[$upstream]}
  log="$NGINX_DIR/$upstream.log"
  load "http://127.0.0.1:$port" "$WARMUP" "$WORK/warmup"
  skip=$(wc -l <"$log")
  load "http://127.0.0.1:$port" "$DURATION" "$WORK/$name"
  printf '%s %s %s - %s\n' "$name" "$(summary "$WORK/$name")" \
    "$(nginx_attempts "$log" "$skip" | awk '{ if ($1 > 0) printf "%.3f", $2 / $1; else print "-" }')" \
    "$(cut -d' ' -f1 /proc/loadavg)" >>"$RESULTS_ATTEMPTS"
  say "  $name done"
}

run_attempt_scenarios() {
  local round
  RESULTS_ATTEMPTS="$WORK/results-attempts"
  : >"$RESULTS_ATTEMPTS"
  route_attempts '{"policy":"round-robin"}'
  if has_scenario retry-budget; then
    chaos_node1 '{"latencyMs":0,"errorRate":1.0}'
    measure_attempts retry-no-budget
    route_attempts "{\"policy\":\"round-robin\",\"retryBudget\":$BUDGET_PERCENT}"
    measure_attempts "retry-budget-$BUDGET_PERCENT%"
    route_attempts '{"policy":"round-robin"}'
    nginx_up
    measure_nginx_attempts "nginx-tries-$NGINX_TRIES" next_upstream
    measure_nginx_attempts "nginx-tries-$NGINX_TRIES-max_fails=1" next_upstream_eject
    nginx_down
  fi
  if has_scenario hedge; then
    chaos_node1 "{\"latencyMs\":$TAIL_MS,\"latencyRate\":$TAIL_RATE,\"errorRate\":0.0}"
    for round in $(seq 1 "$HEDGE_ROUNDS"); do
      route_attempts '{"policy":"round-robin"}'
      measure_attempts "hedge-off-$round"
      route_attempts "{\"policy\":\"round-robin\",\"hedge\":\"$HEDGE\"}"
      measure_attempts "hedge-$HEDGE-$round"
    done
    route_attempts '{"policy":"round-robin"}'
  fi
  printf '\nAround the attempt (round-robin; %s clients x <= %s req/s, GET %s, %ss per row after %ss warm-up):\n' \
    "$CLIENTS" "$RATE" "$PATH_UNDER_TEST" "$DURATION" "$WARMUP"
  printf '  retry-*, nginx-*: %s fails every request, 500 retried, no ejection; hedge-*: %s %s ms slower on %s of its requests\n\n' \
    "$SLOW" "$SLOW" "$TAIL_MS" "$TAIL_RATE"
  printf '%s CPUs, load average %s at the end\n\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '| %-26s | %8s | %8s | %6s | %7s | %21s | %11s | %8s |\n' run 'p50 ms' 'p99 ms' 'req/s' 'non-200' \
    'upstream attempts/req' 'hedges sent' 'load avg'
  printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' ---------------------------- ---------: ---------: -------: --------: \
    ----------------------: ------------: ---------:
  while read -r name p50 p99 rps bad per hedges loadavg; do
    printf '| %-26s | %8s | %8s | %6s | %7s | %21s | %11s | %8s |\n' "$name" "$p50" "$p99" "$rps" "$bad" "$per" \
      "$hedges" "$loadavg"
  done <"$RESULTS_ATTEMPTS"
}
