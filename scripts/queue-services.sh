#!/usr/bin/env bash
# Postgres and Redis for n8n queue mode (the queue test layer and `npm start -- --queue`), from
# Debian's packages, in a throwaway folder on given ports, so they never touch a system service.
#
#   scripts/queue-services.sh install                        installs the packages when missing
#   scripts/queue-services.sh start DIR PG_PORT REDIS_PORT   installs if needed, starts both in DIR
#   scripts/queue-services.sh stop DIR                       stops what `start` started in DIR
#
# `start` leaves database `n8n`, user `n8n`, password `n8n` on 127.0.0.1:PG_PORT and a Redis
# without persistence on 127.0.0.1:REDIS_PORT. Safe to run twice: a running Postgres or Redis in
# DIR is kept. As root, Postgres runs as the `postgres` user (initdb refuses root); when that user
# cannot reach DIR (under root's home folder, mode 700), the data folder lives in /var/tmp, named
# after DIR, and DIR/pgdata links to it.
set -euo pipefail

log() { printf '[queue-services] %s\n' "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}

pg_bindir() {
	local dir
	dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[[ -n "$dir" && -x "$dir/initdb" ]] && echo "$dir"
}

install_packages() {
	local missing=()
	pg_bindir >/dev/null || missing+=(postgresql)
	command -v redis-server >/dev/null || missing+=(redis-server)
	((${#missing[@]} == 0)) && return 0
	[[ $(id -u) == 0 ]] || die "missing ${missing[*]}: install them (sudo apt-get install ${missing[*]}) or run as root"
	command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them with"
	log "installing ${missing[*]} with apt-get"
	# Package scripts must not start the system services: this script starts its own.
	local policy=/usr/sbin/policy-rc.d created_policy=
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
	fi
	local ok=1
	DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || ok=
	[[ -n $ok ]] && { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || ok=; }
	[[ -n $created_policy ]] && rm -f "$policy"
	[[ -n $ok ]] || die "apt-get could not install ${missing[*]}"
	pg_bindir >/dev/null || die "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
	command -v redis-server >/dev/null || die "redis-server installed but not on PATH"
}

# Runs a Postgres command as the user that owns the data folder.
as_pg() {
	if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Postgres' data folder for DIR, as a path the postgres user can open: DIR/pgdata, or (as root, when
# `postgres` cannot traverse DIR's parents) its link's target under /var/tmp, created on first use.
pg_data() {
	local dir=$1
	if [[ $(id -u) != 0 ]] || runuser -u postgres -- test -x "$dir"; then
		echo "$dir/pgdata"
		return
	fi
	local real
	real=/var/tmp/n8n-nodes-maiagent-pgdata-$(printf '%s' "$dir" | cksum | cut -d' ' -f1)
	[[ -L $dir/pgdata && $(readlink "$dir/pgdata") == "$real" ]] || {
		rm -rf "$dir/pgdata" "$real"
		ln -s "$real" "$dir/pgdata"
	}
	mkdir -p "$real"
	chown postgres: "$real"
	chmod 700 "$real"
	echo "$real"
}

start() {
	local dir=$1 pg_port=$2 redis_port=$3
	install_packages
	local bin
	bin=$(pg_bindir)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	# The postgres user must reach its data folder inside a root-owned temp folder.
	chmod 711 "$dir"
	local data
	data=$(pg_data "$dir")
	if [[ ! -f $data/PG_VERSION ]]; then
		rm -rf "$data"
		mkdir -p "$data"
		[[ $(id -u) == 0 ]] && chown postgres: "$data"
		as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
			{ tail -n 20 "$dir/initdb.log" >&2; die "initdb failed"; }
	fi
	if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 120 \
			-o "-h 127.0.0.1 -p $pg_port -k '' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
			start >&2 || { tail -n 20 "$data/server.log" >&2; die "postgres did not start"; }
	fi
	local psql=("$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qAt)
	if [[ -z $("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'n8n'") ]]; then
		"${psql[@]}" -c "CREATE ROLE n8n LOGIN PASSWORD 'n8n'" >&2
		"${psql[@]}" -c "CREATE DATABASE n8n OWNER n8n" >&2
	fi
	if ! { [[ -f $dir/redis.pid ]] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; }; then
		mkdir -p "$dir/redis"
		redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir/redis" --save '' \
			--appendonly no --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2 ||
			die "redis-server did not start"
		local i
		for i in $(seq 1 100); do
			redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
			((i == 100)) && die "redis-server is not answering on port $redis_port"
			sleep 0.1
		done
	fi
	log "postgres on 127.0.0.1:$pg_port, redis on 127.0.0.1:$redis_port (in $dir)"
}

stop() {
	local dir=$1 bin
	[[ -d $dir ]] || return 0
	if [[ -f $dir/redis.pid ]]; then
		kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
		rm -f "$dir/redis.pid"
	fi
	bin=$(pg_bindir) || return 0
	if [[ -f $dir/pgdata/postmaster.pid ]]; then
		# The link's target when there is one: the path postgres can open.
		as_pg "$bin/pg_ctl" -D "$(readlink -f "$dir/pgdata")" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
	fi
}

case "${1:-}" in
install) install_packages ;;
start)
	(($# == 4)) || die "usage: $0 start DIR PG_PORT REDIS_PORT"
	start "$2" "$3" "$4"
	;;
stop)
	(($# == 2)) || die "usage: $0 stop DIR"
	stop "$2"
	;;
*) die "usage: $0 install | start DIR PG_PORT REDIS_PORT | stop DIR" ;;
esac
