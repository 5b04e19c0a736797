#!/usr/bin/env bash
# Debian packages the tests need beside Python: chromium (browser tests, chart export),
# fonts-noto-cjk (Chinese glyphs), postgresql (server binaries for the throwaway
# PostgreSQL of the cluster tests; no service is used) and nginx (the cluster's proxy),
# libreoffice-impress, -calc and -writer (the exported decks, workbooks and Word reports
# opened in an office suite) and poppler-utils (pdftoppm/pdftotext, to look at what LibreOffice made),
# plus python3-venv where venv lacks ensurepip.
# Installs only what is missing, so a warm machine pays nothing.
set -euo pipefail

need=()
office=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null 2>&1 || need+=(nginx)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
for package in libreoffice-impress libreoffice-calc libreoffice-writer poppler-utils; do
  dpkg -s "$package" >/dev/null 2>&1 || office+=("$package")
done
if [ "${1:-}" = "--cluster" ]; then  # make cluster: only the servers, no browser
  need=()
  office=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v nginx >/dev/null 2>&1 || need+=(nginx)
  command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
fi
if [ "${1:-}" = "--venv" ]; then
  need=()
  office=()
  "${PYTHON:-python3}" -c "import ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
fi
[ ${#need[@]} -eq 0 ] && [ ${#office[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "安装系统软件包 / installing Debian packages: ${need[*]} ${office[*]}"
$sudo apt-get update -qq
# policy-rc.d 101: the packages must not start system services (port 80, 5432); the
# cluster runs its own nginx and PostgreSQL on free ports of 127.0.0.1
policy=""
if [ ! -e /usr/sbin/policy-rc.d ] && [ "$(id -u)" -eq 0 ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  policy=1
fi
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ ${#office[@]} -gt 0 ]; then
  # without recommends: LibreOffice would otherwise bring Java and a desktop's extras
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${office[@]}" >/dev/null
fi
if [ -n "$policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
true
