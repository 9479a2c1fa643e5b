# bench/common.sh — what the shell benchmarks share; sourced, after each defines die().

# free_port: a port nothing listens on, below the kernel's range of ephemeral ports (a port there
# may be taken by an outgoing connection before the process that wants it binds it).
free_port() {
  local port low=32768 high
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  high=$((low > 21024 ? low : 50000))
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % (high - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "no free port found"
}

# median VALUES...: the median of numbers.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
