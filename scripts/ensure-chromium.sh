#!/bin/sh
# System packages the tests and PDFs need, from Debian, installed when absent:
# - chromium: browser tests drive it through Playwright (a test tool may not download a
#   browser of its own here), with Noto fonts for Urdu and Polish;
# - pango and harfbuzz-subset: WeasyPrint lays out the server-made PDFs with them.
set -eu
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Nastaliq Urdu" \
   && ldconfig -p | grep -q "libpangoft2-1.0.so.0" && ldconfig -p | grep -q "libharfbuzz-subset.so.0"; then
  exit 0
fi
echo "system: installing Debian's chromium, Noto fonts, pango and harfbuzz-subset"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  chromium fonts-noto-core fonts-noto-ui-core libpango-1.0-0 libpangoft2-1.0-0 \
  libharfbuzz-subset0 >/dev/null
