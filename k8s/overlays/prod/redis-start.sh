#!/bin/sh
# Starts one Redis of the StatefulSet: as the master if it is the one Sentinel names (or, on the
# very first start, when no Sentinel knows one yet, if it is redis-0), as its replica otherwise.
# Asking Sentinel first matters after a failover: a restarted former master must not come back
# as a second master.
set -eu

domain="$POD_NAMESPACE.svc.cluster.local"
self="$POD_NAME.redis-headless.$domain"

master=""
for i in 0 1 2; do
	master=$(timeout 2 redis-cli -h "redis-sentinel-$i.redis-sentinel.$domain" -p 26379 --raw \
		sentinel get-master-addr-by-name "$MASTER_NAME" 2>/dev/null | head -n 1) || master=""
	if [ -n "$master" ]; then
		break
	fi
done
if [ -z "$master" ]; then
	master="redis-0.redis-headless.$domain"
fi

# Replicas announce their stable DNS name, not the pod IP that changes on every restart.
set -- redis-server --dir /data --appendonly yes --appendfsync everysec --replica-announce-ip "$self"
if [ "$master" != "$self" ] && [ "$master" != "$POD_IP" ]; then
	set -- "$@" --replicaof "$master" 6379
fi
echo "starting $self, master $master"
exec "$@"
