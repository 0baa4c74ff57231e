#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks: no system service,
# a temporary directory, a free port on 127.0.0.1, the socket in the
# directory. initdb refuses to run as root, so as root the cluster belongs to
# the `postgres` user (runuser).
#   scripts/pg.sh start [DIR]   prints DIR and the URL of its superuser, one per line
#   scripts/pg.sh stop DIR      stops the cluster and removes DIR
# The superuser `postgres` connects without a password from 127.0.0.1; every
# other role must give its password (scram-sha-256), so that a wrong one is
# refused as it would be in production.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start() {
	local dir=${1:-$(mktemp -d /tmp/onestop-pg.XXXXXX)} port
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
	as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
		-E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
	as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<-CONF
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$dir'
		max_connections = 1000
		shared_buffers = 128MB
		wal_level = replica
		max_wal_senders = 4
		logging_collector = off
	CONF
	# the superuser from loopback without a password (tests, bench); the rest with one
	as_owner sed -i '/^host/d' "$dir/data/pg_hba.conf"
	as_owner tee -a "$dir/data/pg_hba.conf" >/dev/null <<-HBA
		host all postgres 127.0.0.1/32 trust
		host replication postgres 127.0.0.1/32 trust
		host all all 127.0.0.1/32 scram-sha-256
	HBA
	for _ in 1 2 3 4 5; do
		port=$(free_port)
		if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 start \
			>/dev/null 2>&1; then
			echo "$dir"
			echo "postgresql://postgres@127.0.0.1:$port/postgres"
			return 0
		fi
	done
	tail -20 "$dir/server.log" >&2
	exit 1
}

stop() {
	local dir=$1
	[ -d "$dir/data" ] && as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}

case "${1:-}" in
start) start "${2:-}" ;;
stop) stop "$2" ;;
*) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
