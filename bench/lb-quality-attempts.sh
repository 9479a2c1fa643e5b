# shellcheck shell=bash
# bench/lb-quality-attempts.sh — the scenarios of bench/lb-quality around the attempt (sourced by it):
#
#   retry-budget  node 1 fails every request (chaos errorRate 1.0), 500 is retried and ejection is off, so
#                 that only the budget holds the retries back: upstream attempts per client request with no
#                 budget, then with gateway.retry.budget.percent=$BUDGET_PERCENT.
#   hedge         node 1 is $TAIL_MS ms slower on $TAIL_RATE of its requests (chaos latencyRate): the client
#                 p99 with no hedge, then with gateway.retry.hedge=$HEDGE.
#
# Both switch the gateway's setting by restarting it (bin/cluster restart gateway-1) with the environment
# that sets it, as the per-route retryBudget and hedge are not route settings yet. round-robin throughout.

BUDGET_PERCENT=${BUDGET_PERCENT:-10}
HEDGE=${HEDGE:-p95}
TAIL_MS=${TAIL_MS:-200}
TAIL_RATE=${TAIL_RATE:-0.05}

# what the retry-budget scenario needs from the gateway's start: 500 retried, no ejection at all
attempt_scenarios_env() {
  export GATEWAY_RETRY_STATUSES=500,502,503,504
  export GATEWAY_BALANCER_EJECTION_CONSECUTIVEFAILURES=1000000
  export GATEWAY_BALANCER_EJECTION_SUCCESSRATE_ENABLED=false
}

# restart_gateway_with VAR=VALUE...: gateway-1 restarted with exactly these attempt settings
restart_gateway_with() {
  unset GATEWAY_RETRY_BUDGET_PERCENT GATEWAY_RETRY_HEDGE
  local assignment
  for assignment in "$@"; do
    export "${assignment?}"
  done
  "$ROOT/bin/cluster" restart gateway-1 >&2
  # a fresh JVM: let the JIT compile the hot paths again before anything is measured
  load "$GATEWAY" "$JIT_WARMUP" "$WORK/warmup"
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

# measure_attempts NAME: one run; "NAME p50 p99 rps non200 attempts-per-request hedges" into $RESULTS_ATTEMPTS
measure_attempts() {
  local name=$1 before after hedges_before hedges_after n
  load "$GATEWAY" "$WARMUP" "$WORK/warmup"
  before=$(all_requests)
  hedges_before=$(hedges_sent)
  load "$GATEWAY" "$DURATION" "$WORK/$name"
  after=$(all_requests)
  hedges_after=$(hedges_sent)
  n=$(wc -l <"$WORK/$name")
  printf '%s %s %s %s\n' "$name" "$(summary "$WORK/$name")" \
    "$(awk -v a=$((after - before)) -v n="$n" 'BEGIN { if (n > 0) printf "%.3f", a / n; else print "-" }')" \
    "$((hedges_after - hedges_before))" >>"$RESULTS_ATTEMPTS"
  say "  $name done"
}

run_attempt_scenarios() {
  RESULTS_ATTEMPTS="$WORK/results-attempts"
  : >"$RESULTS_ATTEMPTS"
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"policy":"round-robin"}' "$GATEWAY/admin/lb/routes/api" || die "could not switch to round-robin"
  if has_scenario retry-budget; then
    chaos_node1 '{"latencyMs":0,"errorRate":1.0}'
    measure_attempts retry-no-budget
    restart_gateway_with "GATEWAY_RETRY_BUDGET_PERCENT=$BUDGET_PERCENT"
    measure_attempts "retry-budget-$BUDGET_PERCENT%"
  fi
  if has_scenario hedge; then
    chaos_node1 "{\"latencyMs\":$TAIL_MS,\"latencyRate\":$TAIL_RATE,\"errorRate\":0.0}"
    restart_gateway_with
    measure_attempts hedge-off
    restart_gateway_with "GATEWAY_RETRY_HEDGE=$HEDGE"
    measure_attempts "hedge-$HEDGE"
  fi
  printf '\nAround the attempt (round-robin; %s clients x <= %s req/s, GET %s, %ss per row after %ss warm-up):\n' \
    "$CLIENTS" "$RATE" "$PATH_UNDER_TEST" "$DURATION" "$WARMUP"
  printf '  retry-*: %s fails every request, 500 retried, no ejection; hedge-*: %s %s ms slower on %s of its requests\n\n' \
    "$SLOW" "$SLOW" "$TAIL_MS" "$TAIL_RATE"
  printf '%s CPUs, load average %s at the end\n\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '| %-18s | %8s | %8s | %6s | %7s | %21s | %11s |\n' run 'p50 ms' 'p99 ms' 'req/s' 'non-200' \
    'upstream attempts/req' 'hedges sent'
  printf '|%s|%s|%s|%s|%s|%s|%s|\n' -------------------- ---------: ---------: -------: --------: \
    ----------------------: ------------:
  while read -r name p50 p99 rps bad per hedges; do
    printf '| %-18s | %8s | %8s | %6s | %7s | %21s | %11s |\n' "$name" "$p50" "$p99" "$rps" "$bad" "$per" "$hedges"
  done <"$RESULTS_ATTEMPTS"
}
