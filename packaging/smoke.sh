#!/bin/sh
# Smoke test of the built app, as a person would use it, on a throwaway data folder:
#   packaging/smoke.sh [dist/journal/journal]
# --version, logging an intake from the command line, the clinician PDF, encryption, and the window:
# it must come up offscreen and quit with status 0 on SIGTERM (what a desktop logout sends).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
app=${1:-$here/dist/journal/journal}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data
export QT_QPA_PLATFORM=offscreen
unset JOURNAL_DATA_DIR

fail() {
    echo "smoke: FAIL: $*" >&2
    exit 1
}
step() {
    echo "smoke: $*"
}

[ -x "$app" ] || fail "$app is not there: run make dist first"

expected="journal $(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$here/src/journal/__init__.py")"
version=$("$app" --version)
[ "$version" = "$expected" ] || fail "--version said '$version', expected '$expected'"
step "--version: $version"

"$app" --data-dir "$data" log intake 3.5 >"$work/log.txt" || fail "log intake: $(cat "$work/log.txt")"
grep -q "3.5 g" "$work/log.txt" || fail "log intake said: $(cat "$work/log.txt")"
step "log intake 3.5: $(cat "$work/log.txt")"

today=$(date +%Y-%m-%d)
"$app" --data-dir "$data" report --from "$today" --to "$today" -o "$work/x.pdf" >/dev/null \
    || fail "report failed"
[ "$(head -c 5 "$work/x.pdf")" = "%PDF-" ] || fail "report did not write a PDF"
step "report: $(wc -c <"$work/x.pdf") bytes of PDF"

# The native libraries that load only when used must be in the bundle, and encryption must run:
# it uses sqlcipher3's own SQLite and OpenSSL.
internal=$(dirname "$app")/_internal
ls "$internal"/pypdfium2_raw/libpdfium* >/dev/null 2>&1 || fail "pypdfium2's libpdfium is not bundled"
JOURNAL_NEW_PASSPHRASE="smoke test passphrase" "$app" --data-dir "$data" passphrase set \
    >/dev/null </dev/null || fail "passphrase set failed"
JOURNAL_PASSPHRASE="smoke test passphrase" "$app" --data-dir "$data" today </dev/null \
    >"$work/today.txt" || fail "the encrypted journal did not open: $(cat "$work/today.txt")"
grep -q "3.5 g" "$work/today.txt" || fail "the encrypted journal said: $(cat "$work/today.txt")"
step "libpdfium bundled; encrypted with a passphrase and read back"

# The window, on a second folder so its journal file shows when it has opened.
window_data=$work/window
"$app" --data-dir "$window_data" >"$work/window.txt" 2>&1 &
pid=$!
tries=0
until [ -f "$window_data/journal.sqlite3" ]; do
    kill -0 "$pid" 2>/dev/null || fail "the window exited early: $(cat "$work/window.txt")"
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || fail "the window did not open its journal within 30 s"
    sleep 0.1
done
sleep 3  # the window shows after the file opens; then the signal handlers are in place
kill -0 "$pid" 2>/dev/null || fail "the window exited early: $(cat "$work/window.txt")"
step "window up after $((tries / 10)).$((tries % 10)) s"
kill -TERM "$pid"
tries=0
while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 100 ]; do
    tries=$((tries + 1))
    sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    fail "the window was still running 10 s after SIGTERM"
fi
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "the window exited with status $status on SIGTERM: $(cat "$work/window.txt")"
if grep -q "Traceback" "$work/window.txt"; then
    fail "the window printed an error: $(cat "$work/window.txt")"
fi
step "SIGTERM: clean exit 0"
echo "smoke: OK"
