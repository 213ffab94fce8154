#!/usr/bin/env bash
# The whole test suite in one command: `sudo scripts/test.sh`.
#
# As root it installs what tiers 2 and 3 need (Debian packages, a running
# dockerd), then runs all three tiers and fails if any tier had to be skipped
# (CNICTL_E2E=require). As a normal user it runs tier 1 and says what it skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -eq 0 ]; then
  scripts/setup-test-host.sh
  export CNICTL_E2E="${CNICTL_E2E:-require}"
else
  echo "test.sh: not root, so only tier 1 runs; run 'sudo scripts/test.sh' for tiers 2 and 3" >&2
fi

# Tests must not pick up the caller's cnictl defaults file.
export CNICTL_CONFIG=""
cargo test --locked --all-targets "$@"
