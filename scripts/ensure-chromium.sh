#!/bin/sh
# Browser tests drive Debian's chromium through Playwright (a test tool may not download
# a browser of its own here). Install it, with fonts for Urdu and Polish, when absent.
set -eu
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Nastaliq Urdu"; then
  exit 0
fi
echo "browser: installing Debian's chromium and Noto fonts"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  chromium fonts-noto-core fonts-noto-ui-core >/dev/null
