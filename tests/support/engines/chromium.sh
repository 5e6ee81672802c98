#!/usr/bin/env bash
# Debian's Chromium with every --disable-features=… argument joined into one: Chromium honours
# only the last, and playwright-core passes its own list before the engine adapter's
# (tests/support/engines/chromium.mjs), which would otherwise replace it.
set -euo pipefail
features=()
args=()
for arg in "$@"; do
  case $arg in
    --disable-features=*) features+=("${arg#--disable-features=}") ;;
    *) args+=("$arg") ;;
  esac
done
joined=$(IFS=,; echo "${features[*]}")
exec /usr/bin/chromium "${args[@]}" ${joined:+"--disable-features=$joined"}
