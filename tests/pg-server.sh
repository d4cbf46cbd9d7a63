#!/bin/bash
# SPDX-License-Identifier: MIT
# A throw-away PostgreSQL 15 server for the tests, in a directory of its own.
#   tests/pg-server.sh start DIR   creates a cluster in DIR, starts it on a free port of
#                                  127.0.0.1 and prints one line on stdout, the base URL
#                                  postgresql://postgres@127.0.0.1:PORT (append /DBNAME;
#                                  the "postgres" database exists)
#   tests/pg-server.sh stop DIR    stops it and removes DIR
# Everything else goes to stderr. Any cluster the Debian package may have started on 5432
# is left alone. initdb refuses to run as root: as root, DIR is handed to the "postgres"
# user and the server programs run as that user.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
WAIT=30 # seconds to wait for start and stop

say() { echo "pg-server: $*" >&2; }
die() {
	say "$*"
	exit 1
}
as_owner() { # run a server program as the owner of the cluster
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

[ $# -eq 2 ] || die "usage: tests/pg-server.sh start|stop DIR"
cmd=$1
dir=$2

start() {
	[ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb not found: apt-get install postgresql"
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	local data=$dir/data
	[ -e "$data" ] && die "$data exists: use an empty directory"
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || die "no 'postgres' user: apt-get install postgresql"
		chown postgres: "$dir"
		runuser -u postgres -- test -w "$dir" ||
			die "the postgres user cannot reach $dir (a parent directory is private?)"
	fi
	# Programs run as postgres must not start in a directory they cannot read.
	cd "$dir"
	# Locale C: byte-order text comparison, like SQLite's; UTF-8 encoding.
	as_owner "$PGBIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
		>"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		die "initdb failed"
	}
	cat >>"$data/postgresql.conf" <<-EOF
		# tests/pg-server.sh: a disposable server for tests
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$dir'
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_connections = 200
		log_min_messages = warning
	EOF
	local try port
	for try in 1 2 3 4 5 6 7 8 9 10; do
		port=$(free_port) || die "no free TCP port found"
		if as_owner "$PGBIN/pg_ctl" -D "$data" -l "$dir/server.log" -o "-p $port" \
			-w -t "$WAIT" start >&2; then
			if as_owner "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t "$WAIT"; then
				echo "postgresql://postgres@127.0.0.1:$port"
				return 0
			fi
			as_owner "$PGBIN/pg_ctl" -D "$data" -m immediate -w -t "$WAIT" stop >&2 || true
		fi
		# Most likely another program took the port meanwhile: try another one.
		if ! grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null; then
			tail -20 "$dir/server.log" >&2 2>/dev/null || true
			die "the server did not start (attempt $try)"
		fi
		say "port $port was taken, trying another"
	done
	die "the server did not start"
}

# A TCP port of 127.0.0.1 on which nothing listens now, outside the usual ephemeral range.
free_port() {
	local i port
	for i in $(seq 1 100); do
		port=$((20000 + RANDOM % 12000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

stop() {
	[ -d "$dir" ] || die "$dir does not exist"
	dir=$(cd "$dir" && pwd)
	local data=$dir/data
	cd /
	if [ -f "$data/postmaster.pid" ]; then
		if ! as_owner "$PGBIN/pg_ctl" -D "$data" -m fast -w -t "$WAIT" stop >&2; then
			say "fast shutdown did not finish in ${WAIT}s; killing the server"
			local pid
			pid=$(head -1 "$data/postmaster.pid" 2>/dev/null || true)
			[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
			sleep 1
		fi
	fi
	rm -rf "$dir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
*) die "usage: tests/pg-server.sh start|stop DIR" ;;
esac
