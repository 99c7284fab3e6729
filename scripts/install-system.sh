#!/usr/bin/env bash
# Installs the Debian packages jipiao needs (fonts, PDF/QR checkers, the browser for UI tests).
# Idempotent: does nothing when everything is already there.
set -euo pipefail
packages=(
  fonts-wqy-microhei   # embeddable TrueType CJK font for the PDFs (ballots/)
  poppler-utils        # pdffonts / pdftotext / pdftoppm in the PDF tests
  zbar-tools           # zbarimg decodes the printed QR codes in tests
  chromium             # the clerk page is tested in a real Chromium (Playwright)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
