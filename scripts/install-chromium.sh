#!/usr/bin/env bash
# Installs what the browser test layer (test/browser) and scripts/screenshots.cts need: Debian's
# Chromium and a CJK font (the sandbox's assistant is 客服小幫手). Safe to run twice: it installs
# nothing when both are there. Needs root (or sudo) and apt-get; otherwise it says what to install.
#
#   scripts/install-chromium.sh      prints `chromium=<path>` on stdout; progress goes to stderr
set -euo pipefail

readonly FONT_PACKAGE=fonts-wqy-microhei
readonly FONT_FILE=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
readonly CHROMIUM=${CHROMIUM:-chromium}

log() { printf '[install-chromium] %s\n' "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}

have_chromium() { command -v "$CHROMIUM" >/dev/null 2>&1; }
have_font() { [[ -f $FONT_FILE ]] || fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei'; }

missing=()
have_chromium || missing+=(chromium)
have_font || missing+=("$FONT_PACKAGE")

if ((${#missing[@]} > 0)); then
	sudo=()
	if [[ $(id -u) != 0 ]]; then
		command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null ||
			die "missing ${missing[*]}: install them as root (apt-get install ${missing[*]}), or set CHROMIUM"
		sudo=(sudo -n)
	fi
	command -v apt-get >/dev/null 2>&1 ||
		die "missing ${missing[*]} and no apt-get here: install Chromium and a CJK font, or set CHROMIUM"
	log "installing ${missing[*]} with apt-get (update, then install; a minute or two; waits for other apt runs)"
	"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 ||
		die "apt-get update failed (see above)"
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install ${missing[*]} failed (see above)"
	have_chromium || die "apt-get installed chromium, but '$CHROMIUM' is not on PATH"
	log "installed ${missing[*]}"
fi
echo "chromium=$(command -v "$CHROMIUM")"
