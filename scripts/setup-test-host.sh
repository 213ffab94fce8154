#!/usr/bin/env bash
# Prepares a Debian 12 machine for test tiers 2 and 3 (needs root):
# installs the Debian packages they use (jq for `scripts/bench.py --docker`,
# fish for the fish completion test), and
# starts dockerd when it is not running.
# Safe to run again: it only does what is missing.
set -euo pipefail

packages=(iproute2 iptables containernetworking-plugins busybox-static docker.io runc curl jq time podman fish)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "setup: starting dockerd (log: /var/log/cnictl-test-dockerd.log)" >&2
  nohup dockerd >/var/log/cnictl-test-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || {
    echo "setup: dockerd did not come up; see /var/log/cnictl-test-dockerd.log" >&2
    tail -20 /var/log/cnictl-test-dockerd.log >&2 || true
    exit 1
  }
fi
