#!/usr/bin/env bash
# Run a command while the Orca screen reader listens, with nothing spoken aloud: a virtual
# display (Xvfb), a session D-Bus, the AT-SPI accessibility bus and Orca, whose debug log
# (every utterance, as "SPEECH OUTPUT: '...'") goes to the file named in $BERAKHLAK_ORCA_LOG.
# For the opt-in screen reader test:
#
#   bash scripts/with_orca.sh .venv/bin/python -m pytest -p no:cacheprovider \
#       tests/web/responses/test_screen_reader_orca.py
#
# Installs Debian's orca, xvfb, dbus-x11, speech-dispatcher and xdotool when they are
# missing (xdotool presses keys on the display, as a person would, so that Orca hears them).
# Orca talks to a Speech Dispatcher of its own whose synthesiser is `true` and whose sound
# goes to ALSA's null device: nothing is heard, and Orca behaves as it does with speech on.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_debian_packages orca xvfb dbus-x11 speech-dispatcher xdotool

work="$(mktemp -d)"
pids=()
cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ -n "${DBUS_SESSION_BUS_PID:-}" ]; then kill "$DBUS_SESSION_BUS_PID" 2>/dev/null || true; fi
    if [ "$status" -eq 0 ]; then rm -rf "$work"; else echo "logs kept in $work" >&2; fi
}
trap cleanup EXIT

wait_for() {  # wait_for FILE PATTERN: up to 20 s for PATTERN to appear in FILE
    for _ in $(seq 200); do
        if [ -s "$1" ] && grep -q "$2" "$1"; then return 0; fi
        sleep 0.1
    done
    echo "gave up waiting for '$2' in $1" >&2
    return 1
}

Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
pids+=($!)
wait_for "$work/display" "[0-9]"
export DISPLAY=":$(cat "$work/display")"
eval "$(dbus-launch --sh-syntax)"
/usr/libexec/at-spi-bus-launcher --launch-immediately >"$work/at-spi.log" 2>&1 &
pids+=($!)
mkdir -p "$work/speechd/modules" "$work/speechd/log"
cat >"$work/speechd/speechd.conf" <<CONF
LogDir "$work/speechd/log"
AudioOutputMethod "alsa"
AudioALSADevice "null"
AddModule "silent" "sd_generic" "silent.conf"
DefaultModule silent
CONF
printf 'GenericExecuteSynth "true"\nAddVoice "id" "MALE1" "x"\nAddVoice "en" "MALE1" "x"\n' \
    >"$work/speechd/modules/silent.conf"
export SPEECHD_ADDRESS="unix_socket:$work/speechd.sock"
speech-dispatcher -C "$work/speechd" -S "$work/speechd.sock" -s -t 0 >"$work/speechd.out" 2>&1 &
pids+=($!)
wait_for "$work/speechd/log/speech-dispatcher.log" "waiting for clients"
export BERAKHLAK_ORCA_LOG="$work/orca.debug"
# Orca's settings live in the work directory; its one customisation writes the debug log
# line by line, so that a test reads each utterance as soon as it is made.
mkdir -p "$work/orca-data/orca"
echo 'import orca.debug; orca.debug.debugFile.reconfigure(line_buffering=True)' \
    >"$work/orca-data/orca/orca-customizations.py"
XDG_DATA_HOME="$work/orca-data" \
    orca --replace --debug-file="$BERAKHLAK_ORCA_LOG" >"$work/orca.log" 2>&1 &
pids+=($!)
wait_for "$BERAKHLAK_ORCA_LOG" "SPEECH OUTPUT: 'Screen reader on.'"
echo "Orca is listening on display $DISPLAY; its log: $BERAKHLAK_ORCA_LOG"
"$@"
