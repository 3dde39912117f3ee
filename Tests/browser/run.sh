#!/bin/sh
# The browser test of a juror's round: builds thidua, then runs Tests/browser/juror_flow.py
# (headless Chromium through Selenium) against `thidua serve` on a database it makes from
# Examples/. Screenshots, the database and the server's log go to OUT (default browser-output).
#
#   Tests/browser/run.sh [OUT]
#
# Needs: python3 with selenium; chromium and chromium-driver (Debian packages).
# THIDUA_SCRATCH picks the build folder (default .build); THIDUA=path skips the build.
set -eu
cd "$(dirname "$0")/../.."
out="${1:-browser-output}"
if [ -z "${THIDUA:-}" ]; then
    scratch="${THIDUA_SCRATCH:-.build}"
    swift build --product thidua --scratch-path "$scratch"
    THIDUA="$(swift build --scratch-path "$scratch" --show-bin-path)/thidua"
fi
exec timeout --kill-after=15 420 python3 Tests/browser/juror_flow.py "$out" --thidua "$THIDUA" --examples Examples
