#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks the Debian packages a make target needs and installs the missing ones with
# apt-get when run as root; otherwise prints the exact command and fails.
# Usage: tools/deps.sh build|test|bench
set -eu
want="$1"
# pkg-config module → Debian package that provides it
build_mods="libmicrohttpd:libmicrohttpd-dev jansson:libjansson-dev sqlite3:libsqlite3-dev libpq:libpq-dev libsodium:libsodium-dev xlsxwriter:libxlsxwriter-dev libzip:libzip-dev libxml-2.0:libxml2-dev"
test_mods="cmocka:libcmocka-dev"
# programs → Debian package
build_cmds="gcc:gcc pkg-config:pkg-config node:nodejs npm:npm"
test_cmds="/usr/lib/postgresql/15/bin/initdb:postgresql chromium:chromium node:nodejs npm:npm runuser:util-linux"
bench_cmds="wrk:wrk sqlite3:sqlite3 valgrind:valgrind /usr/bin/time:time"

missing=""
check_mods() {
	for pair in $1; do
		mod=${pair%%:*}
		deb=${pair#*:}
		pkg-config --exists "$mod" 2>/dev/null || missing="$missing $deb"
	done
}
check_cmds() {
	for pair in $1; do
		cmd=${pair%%:*}
		deb=${pair#*:}
		command -v "$cmd" >/dev/null 2>&1 || missing="$missing $deb"
	done
}
check_cmds "$build_cmds"
if command -v pkg-config >/dev/null 2>&1; then check_mods "$build_mods"; else missing="$missing $(for p in $build_mods; do printf '%s ' "${p#*:}"; done)"; fi
case "$want" in
test) check_mods "$test_mods"; check_cmds "$test_cmds" ;;
bench) check_cmds "$bench_cmds" ;;
esac
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	echo "yitihua: 安装缺少的 Debian 软件包 / installing missing Debian packages:$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $cmd
else
	echo "yitihua: 缺少 Debian 软件包 / missing Debian packages:$missing" >&2
	echo "请以 root 运行 / run as root:  sudo $cmd" >&2
	exit 1
fi
