#!/bin/sh
# Writes sentinel.conf where Sentinel may rewrite it (an emptyDir: its state comes back from its
# peers and the master) and starts Sentinel on the master that the other Sentinels know, or on
# redis-0 on the very first start.
set -eu

domain="$POD_NAMESPACE.svc.cluster.local"
self="$POD_NAME.redis-sentinel.$domain"

master=""
for i in 0 1 2; do
	peer="redis-sentinel-$i.redis-sentinel.$domain"
	if [ "$peer" = "$self" ]; then
		continue
	fi
	master=$(timeout 2 redis-cli -h "$peer" -p 26379 --raw \
		sentinel get-master-addr-by-name "$MASTER_NAME" 2>/dev/null | head -n 1) || master=""
	if [ -n "$master" ]; then
		break
	fi
done
if [ -z "$master" ]; then
	master="redis-0.redis-headless.$domain"
fi

# Sentinel resolves the master's name when it reads its configuration: wait until it exists.
attempts=0
until nslookup "$master" >/dev/null 2>&1; do
	attempts=$((attempts + 1))
	if [ "$attempts" -ge 60 ]; then
		echo "cannot resolve $master" >&2
		exit 1
	fi
	sleep 2
done

cat > /data/sentinel.conf <<CONF
port 26379
dir /data
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $self
sentinel monitor $MASTER_NAME $master 6379 2
sentinel down-after-milliseconds $MASTER_NAME 5000
sentinel failover-timeout $MASTER_NAME 30000
sentinel parallel-syncs $MASTER_NAME 1
CONF
echo "starting $self, monitoring $MASTER_NAME at $master"
exec redis-server /data/sentinel.conf --sentinel
