#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds qnn and runs every test (check-qnn).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" check-qnn
