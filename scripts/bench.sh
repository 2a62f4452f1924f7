#!/usr/bin/env bash
# Runs the benchmarks under bench/ (all, or the ones named) in Release mode; each prints its figures and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
dotnet run -c Release --project bench/Hawser.Bench -- "$@"
