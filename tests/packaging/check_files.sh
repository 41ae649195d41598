#!/usr/bin/env bash
# The packaged files, checked where they would land (README "Packages"): both .deb
# unpacked into a scratch root; the desktop file, the AppStream metadata and the systemd
# units (with the node-groups drop-in) validated by Debian's own tools; no path of the
# build or source tree in any file; binaries stripped, without RPATH.
# Usage: check_files.sh PACKAGES_DIR BUILD_DIR SOURCE_DIR
set -euo pipefail
debs="$1" build="$2" source="$3"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for deb in "$debs"/gatewayd_*.deb "$debs"/pmproxy_*.deb; do
  [ -f "$deb" ] || fail "no package $deb (the packaging:build test makes them)"
  dpkg-deb -x "$deb" "$root"
done

desktop-file-validate "$root/usr/share/applications/pmproxy.desktop" ||
  fail "desktop-file-validate refused pmproxy.desktop"
grep -qx 'MimeType=x-scheme-handler/pmproxy;' "$root/usr/share/applications/pmproxy.desktop" ||
  fail "pmproxy.desktop does not register pmproxy:// links"
[ -f "$root/usr/share/icons/hicolor/scalable/apps/pmproxy.svg" ] || fail "no scalable icon"
appstreamcli validate --no-net "$root"/usr/share/metainfo/*.metainfo.xml ||
  fail "appstreamcli refused the metainfo"

for dir in "$build" "$source"; do
  if hits="$(grep -r -a -l -F "$dir" "$root/usr" "$root/lib")"; then
    fail "files name $dir: $hits"
  fi
done
for bin in "$root/usr/bin/gatewayd" "$root/usr/bin/pmproxy"; do
  file "$bin" | grep -q ', stripped' || fail "$bin is not stripped"
  if readelf -d "$bin" | grep -q -E 'RPATH|RUNPATH'; then fail "$bin has an RPATH"; fi
done
for page in "$root/usr/share/man/man8/gatewayd.8.gz" "$root/usr/share/man/man1/pmproxy.1.gz"; do
  [ -f "$page" ] || fail "no man page $page"
done
# systemd-analyze verify exits 0 on unknown keys and bad values: any message is a failure.
# Under --root it needs the system's targets and the programs the units start.
mkdir -p "$root/lib/systemd" "$root/etc/systemd/system/gatewayd.service.d" "$root/bin"
cp -rn /lib/systemd/system "$root/lib/systemd/"
cp /bin/sh "$root/bin/sh"
cp "$root/usr/share/doc/gatewayd/examples/groups.conf" "$root/etc/systemd/system/gatewayd.service.d/"
for unit in gatewayd.service gatewayd-agent@site-a.service; do
  out="$(systemd-analyze verify --man=no --root="$root" "$unit" 2>&1)" || fail "$unit: $out"
  [ -z "$out" ] || fail "systemd-analyze verify $unit (with the groups.conf drop-in): $out"
done

echo "packaged files: desktop file, metainfo, units, paths, binaries and man pages ok"
