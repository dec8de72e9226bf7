#!/usr/bin/env bash
# Installs the system packages bcpgen needs on Debian/Ubuntu (idempotent):
# the CJK and fallback fonts for PDF, poppler/qpdf used by the tests, and
# LibreOffice Writer (headless), which the tests open ODT and DOCX files with, and
# chromium, whose headless mode checks the HTML at phone width in the tests, and
# groff, which typesets the generated man page in the tests.
set -euo pipefail
pkgs=(fonts-noto-cjk fonts-dejavu-core poppler-utils qpdf libreoffice-writer-nogui chromium groff-base)
need=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
((${#need[@]})) || exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
