#!/usr/bin/env bash
# Debian packages the tests need beside Python: chromium (browser tests, chart export)
# and fonts-noto-cjk (Chinese glyphs), plus python3-venv where venv lacks ensurepip.
# Installs only what is missing, so a warm machine pays nothing.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ "${1:-}" = "--venv" ]; then
  need=()
  "${PYTHON:-python3}" -c "import ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
fi
[ ${#need[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "安装系统软件包 / installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
