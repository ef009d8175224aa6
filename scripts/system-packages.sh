#!/bin/sh
# Install the Debian/Ubuntu packages Qt needs, when missing.
#   system-packages.sh test   libraries for Qt's offscreen platform, the PDF and packaging checks, and
#                             dbus-daemon for the notification tests' private session bus (tests)
#   system-packages.sh run    also the X11 (xcb) libraries a real window needs
#   system-packages.sh dist   also binutils, which PyInstaller uses to bundle those libraries (make dist)
# As root it installs them with apt-get; otherwise it prints the exact command.
set -eu
TEST_PKGS="libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 poppler-utils \
desktop-file-utils appstream dbus-daemon"
RUN_PKGS="$TEST_PKGS libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0"
case "${1:-test}" in
    run) wanted=$RUN_PKGS ;;
    dist) wanted="$RUN_PKGS binutils" ;;
    *) wanted=$TEST_PKGS ;;
esac
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian or Ubuntu: nothing to do here
missing=""
for pkg in $wanted; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $pkg"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "Installing system packages Qt needs:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "Qt needs these system packages. Install them, then run make again:"
    echo "    sudo apt-get install$missing"
    exit 1
fi
