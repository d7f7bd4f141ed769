#!/usr/bin/env bash
# Set everything up and run the demo: the web app with a fictional regency, two survey
# years and several other instansi, on http://127.0.0.1:8000 (arguments go to `berakhlak demo`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_debian_packages "${PDF_PACKAGES[@]}"
ensure_venv "."
exec .venv/bin/berakhlak demo "$@"
