#!/usr/bin/env python3
"""Benchmark: cnictl against the reference CNI `bridge` plugin, side by side.

    sudo scripts/bench.py [-n 200] [--growth 1000] [--growth-reference]
    sudo scripts/bench.py --docker [N]
    sudo scripts/bench.py --publish [N]

In one run, each tool attaches N containers (fresh network namespaces) to
the same /16 bridge network config, then detaches them, each tool in its own
private "host" namespace so neither sees the other's bridge or rules. ADDs
and DELs alternate between the tools so both see the same machine load.
Prints p50/p90 per operation, the cnictl/reference ratio, ADD growth (median
of the last 10% of ADDs over the first 10%), and cnictl's peak RSS.

Then cnictl alone attaches --growth containers to a fresh network to show
ADD time does not grow as the host fills (--growth-reference runs the
reference too, which is slow: it adds a chain per container).

Targets (issue "Attach engine"): ADD and DEL p50 at most 1/4 of the
reference's; growth at most 1.1x up to the 1000th container; peak RSS at
most 15 MB. The script reports them; it is a benchmark, not a test.

`--docker [N]` (default 50) runs only the Docker comparison: `cnictl add
NAME` against the pipeline users ran by hand (two `docker inspect | jq`
for the id and SandboxKey, then the reference bridge plugin), each on N
--net=none busybox containers of its own, same config, ADDs alternating.
Target: cnictl ADD p50 at most 1/5 of the pipeline's. Needs dockerd, jq and
/bin/busybox (scripts/setup-test-host.sh installs them); the test image
is imported from busybox-static when missing.

`--publish [N]` (default 200) runs only the port-publishing comparison:
cnictl `add` with and without `--publish HOSTPORT:80`, N containers per
side on networks of their own, ADDs alternating, then the DELs; and, with
strace, the iptables-family processes one ADD of each side executes.
Target (issue "Networks"): publishing adds at most one such exec.

Both tools keep their leases and cache under one scratch directory, on
the tmpfs /dev/shm unless --state-dir names another place. On disk, the
figures can measure the filesystem more than the tools: on the journal-less
ext4 of the machine this was written on, creating a file in /tmp took 0.1
ms at first and 0.8 ms after 2000 files, where /var/tmp took 0.02 ms and
/dev/shm 0.004 ms; once 5000 files had been created and deleted in a
directory, creating files there was as slow for minutes. Each ADD creates
two files (lease and cache entry), so on /tmp the last tenth of the growth
run measured 1.3 ms of file creation that the first did not.

Everything happens in namespaces the script creates and removes; no
traffic is sent anywhere.
"""

import argparse
import collections
import ctypes
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CLONE_NEWNET = 0x40000000
REFERENCE = "/usr/lib/cni/bridge"
TIME = "/usr/bin/time"  # GNU time (Debian package `time`), for peak RSS
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NETWORK = "cnictlbench"
MAX_BRIDGE_PORTS = 1023  # the kernel's limit (BR_MAX_PORTS less port 0)
# `cnictl -vv add` logs each attach step: `... step="veth" micros=687`
STEP_LOG = re.compile(r'attach step done step="?(\w+)"? micros=(\d+)')
ATTACH_STEPS = ("ipam", "bridge", "firewall", "veth", "container", "cache")

libc = ctypes.CDLL("libc.so.6", use_errno=True)


def setns(path):
    """Moves this (single-threaded) process into a network namespace, so
    the processes it starts are born there without `ip netns exec`, whose
    own cost would blur the comparison."""
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns {path}: {os.strerror(err)}")
    finally:
        os.close(fd)


def sh(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def config_bytes(data_dir, bridge, subnet):
    return json.dumps(
        {
            "cniVersion": "1.0.0",
            "name": NETWORK,
            "type": "bridge",
            "bridge": bridge,
            "isGateway": True,
            "ipMasq": True,
            "ipam": {
                "type": "host-local",
                "subnet": subnet,
                "routes": [{"dst": "0.0.0.0/0"}],
                "dataDir": data_dir,
            },
        },
        indent=2,
    ).encode()


class Tool:
    """One side of the comparison: its host namespace, dirs and timings."""

    def __init__(self, label, tag, subnet):
        self.label = label
        self.host = f"cnb{os.getpid() % 100000}{tag}"
        self.dir = tempfile.mkdtemp(prefix=f"cnictl-bench-{tag}-", dir=STATE_ROOT)
        for sub in ("conf", "data", "cache"):
            os.makedirs(os.path.join(self.dir, sub))
        self.config = config_bytes(os.path.join(self.dir, "data"), f"cnb{tag}0", subnet)
        with open(os.path.join(self.dir, "conf", f"{NETWORK}.conf"), "wb") as f:
            f.write(self.config)
        self.containers = []
        self.add_ms, self.del_ms = [], []
        self.peak_rss_kb = 0
        sh("ip", "netns", "add", self.host)

    def container(self, i):
        name = f"{self.host}c{i}"
        sh("ip", "netns", "add", name)
        self.containers.append(name)
        return name

    def run(self, argv, env=None, stdin=None):
        """Starts a process in this tool's host namespace and times it.

        Its rusage is not used for memory: a child forked from this Python
        process counts Python's RSS in its ru_maxrss (the kernel keeps the
        pre-exec peak), so peak RSS is measured apart, by `rss_kb`."""
        setns(f"/var/run/netns/{self.host}")
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            env=env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        if stdin is not None:
            proc.stdin.write(stdin)
            proc.stdin.close()
        out = proc.stdout.read()
        err = proc.stderr.read()
        _, status, _ = os.wait4(proc.pid, 0)
        elapsed_ms = (time.perf_counter() - start) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        setns(ORIGINAL_NETNS)
        self.last_stderr = err.decode(errors="replace")
        if proc.returncode != 0:
            raise RuntimeError(f"{self.label}: {' '.join(argv)} failed: {out.decode()} {err.decode()}")
        return elapsed_ms

    def rss_kb(self, argv, env=None):
        """Runs argv untimed under GNU time, which forks it from its own small
        process, and returns the command's peak RSS in KiB."""
        with tempfile.NamedTemporaryFile("r") as report:
            self.run([TIME, "-f", "%M", "-o", report.name] + argv, env=env)
            return int(report.read().split()[-1])

    def cleanup(self):
        for name in self.containers + [self.host]:
            subprocess.run(["ip", "netns", "delete", name], stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)


class Cnictl(Tool):
    def __init__(self, binary, tag, subnet):
        super().__init__("cnictl", tag, subnet)
        self.binary = binary

    def _cmd(self, verb, container, i):
        return [
            self.binary,
            "--conf-dir", os.path.join(self.dir, "conf"),
            "--cache-dir", os.path.join(self.dir, "cache"),
            "--json",
            verb,
            f"/var/run/netns/{container}",
            "--id", f"c{i}",
        ] + (["--net", NETWORK] if verb == "add" else [])

    def add(self, container, i):
        self.add_ms.append(self.run(self._cmd("add", container, i), env=CLEAN_ENV))

    def delete(self, container, i):
        self.del_ms.append(self.run(self._cmd("del", container, i), env=CLEAN_ENV))

    def probe_rss(self, i):
        """One more ADD and DEL, untimed, with the network as full as it is
        now; records their peak RSS."""
        container = self.container(i)
        for verb in ("add", "del"):
            rss = self.rss_kb(self._cmd(verb, container, i), env=CLEAN_ENV)
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
        self.containers.remove(container)
        subprocess.run(["ip", "netns", "delete", container], check=True)

    def step_profile(self, count, first_id):
        """`count` more ADDs with `-vv`, outside the growth figures, and
        then their DELs. Returns the median ms of each attach step, as
        cnictl logs them, and of the whole ADD."""
        steps, totals, made = collections.defaultdict(list), [], []
        for i in range(first_id, first_id + count):
            container = self.container(i)
            made.append((container, i))
            totals.append(self.run([self.binary, "-vv"] + self._cmd("add", container, i)[1:], env=CLEAN_ENV))
            for step, micros in STEP_LOG.findall(self.last_stderr):
                steps[step].append(int(micros) / 1000)
        for container, i in made:
            self.run(self._cmd("del", container, i), env=CLEAN_ENV)
            self.containers.remove(container)
            subprocess.run(["ip", "netns", "delete", container], check=True)
        return {step: statistics.median(ms) for step, ms in steps.items()}, statistics.median(totals)


class Reference(Tool):
    def __init__(self, tag, subnet):
        super().__init__("reference", tag, subnet)

    def _env(self, command, container, i):
        env = dict(CLEAN_ENV)
        env.update(
            CNI_COMMAND=command,
            CNI_CONTAINERID=f"c{i}",
            CNI_NETNS=f"/var/run/netns/{container}",
            CNI_IFNAME="eth0",
            CNI_PATH="/usr/lib/cni",
        )
        return env

    def add(self, container, i):
        self.add_ms.append(self.run([REFERENCE], env=self._env("ADD", container, i), stdin=self.config))

    def delete(self, container, i):
        self.del_ms.append(self.run([REFERENCE], env=self._env("DEL", container, i), stdin=self.config))


def cpu_times():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return idle, sum(fields)


def live_namespaces():
    """Network namespaces the kernel still holds (its `net_namespace` slab),
    or None where /proc/slabinfo says nothing of them."""
    try:
        with open("/proc/slabinfo") as f:
            for line in f:
                if line.startswith("net_namespace "):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def settle(limit_s=120):
    """Waits until the kernel has finished tearing down the namespaces of
    the previous run and the machine is idle, up to limit_s. `ip netns
    delete` returns long before the kernel's cleanup_net has removed their
    veths, under the locks every ADD takes; timings taken meanwhile measure
    that cleanup, not the tool."""
    start = time.monotonic()
    last = live_namespaces()
    steady = 0
    while time.monotonic() - start < limit_s:
        idle0, total0 = cpu_times()
        time.sleep(0.5)
        idle1, total1 = cpu_times()
        now = live_namespaces()
        steady = steady + 1 if now == last else 0
        last = now
        idle = total1 > total0 and (idle1 - idle0) / (total1 - total0) >= 0.95
        if idle and steady >= 2:
            break
    print(f"(waited {time.monotonic() - start:.1f}s for the machine to settle)", file=sys.stderr)


def print_step_profiles(profiles):
    """The attach steps' medians at each point of the growth run: the steps
    that grow are the ones that ask the kernel to join a bridge port
    (veth), to commit a firewall chain (firewall) and to bring the port's
    carrier up (container); "other" is process start, config and checks."""
    print("  where an ADD's time goes, from `cnictl -vv` (median ms of 20 more ADDs at each point):")
    print(f"  {'':14}" + "".join(f"{step:>10}" for step in ATTACH_STEPS + ("other", "total")))
    for ports, (steps, total) in profiles:
        other = total - sum(steps.get(step, 0) for step in ATTACH_STEPS)
        cells = [steps.get(step, float("nan")) for step in ATTACH_STEPS] + [other, total]
        print(f"  {f'{ports} ports':14}" + "".join(f"{ms:>10.2f}" for ms in cells))


def pct(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def growth(values):
    tenth = max(1, len(values) // 10)
    return statistics.median(values[-tenth:]) / statistics.median(values[:tenth])


def verdict(ok):
    return "ok" if ok else "MISSED"


def default_state_root():
    """/dev/shm when it is a tmpfs (see the module's docstring), else None:
    the system's temporary directory."""
    with open("/proc/self/mounts") as f:
        for line in f:
            fields = line.split()
            if len(fields) > 2 and fields[1] == "/dev/shm" and fields[2] == "tmpfs":
                return "/dev/shm"
    return None


def build_cnictl():
    binary = os.path.join(REPO, "target", "release", "cnictl")
    print("building cnictl (release) ...", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=REPO, check=True)
    return binary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="containers per tool in the side-by-side run")
    parser.add_argument("--growth", type=int, default=1000, help="containers in cnictl's growth run (0: skip)")
    parser.add_argument("--growth-reference", action="store_true", help="run the growth run for the reference too (slow)")
    parser.add_argument("--cnictl", help="cnictl binary to measure [default: build target/release/cnictl]")
    parser.add_argument("--state-dir", metavar="DIR",
                        help="where both tools keep leases and cache [default: the tmpfs /dev/shm]")
    parser.add_argument("--docker", type=int, nargs="?", const=50, metavar="N",
                        help="run only the Docker comparison, with N containers per side (default 50)")
    parser.add_argument("--publish", type=int, nargs="?", const=200, metavar="N",
                        help="run only the add --publish comparison, with N containers per side (default 200)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench.py needs root (it creates network namespaces): sudo scripts/bench.py")
    if not os.path.exists(REFERENCE):
        sys.exit(f"{REFERENCE} is missing: apt-get install containernetworking-plugins")
    if not os.path.exists(TIME):
        sys.exit(f"{TIME} is missing: apt-get install time")
    global STATE_ROOT
    STATE_ROOT = args.state_dir or default_state_root()
    print(f"leases and cache under {STATE_ROOT or tempfile.gettempdir()}", file=sys.stderr)
    binary = args.cnictl or build_cnictl()
    if args.docker is not None:
        return docker_main(binary, args.docker)
    if args.publish is not None:
        return publish_main(binary, args.publish)

    tools = []
    try:
        cnictl = Cnictl(binary, "a", "10.250.0.0/16")
        reference = Reference("b", "10.250.0.0/16")
        tools += [cnictl, reference]
        print(f"side by side: {args.n} ADDs then {args.n} DELs per tool on one /16 bridge config", file=sys.stderr)
        pairs = []
        for i in range(args.n):
            pairs.append((cnictl.container(i), reference.container(i)))
        settle()
        for i, (a, b) in enumerate(pairs):
            cnictl.add(a, i)
            reference.add(b, i)
        cnictl.probe_rss(args.n)
        for i, (a, b) in enumerate(pairs):
            cnictl.delete(a, i)
            reference.delete(b, i)

        print()
        print(f"cnictl {cnictl_version(binary)} vs {REFERENCE} ({reference_version()}), N={args.n}, /16 network, ipMasq, state in {STATE_ROOT or tempfile.gettempdir()}")
        print(f"{'':12}{'ADD p50':>10}{'ADD p90':>10}{'DEL p50':>10}{'DEL p90':>10}{'ADD growth':>12}")
        for tool in (reference, cnictl):
            print(
                f"{tool.label:12}"
                f"{pct(tool.add_ms, 50):>8.2f}ms{pct(tool.add_ms, 90):>8.2f}ms"
                f"{pct(tool.del_ms, 50):>8.2f}ms{pct(tool.del_ms, 90):>8.2f}ms"
                f"{growth(tool.add_ms):>11.2f}x"
            )
        add_ratio = pct(cnictl.add_ms, 50) / pct(reference.add_ms, 50)
        del_ratio = pct(cnictl.del_ms, 50) / pct(reference.del_ms, 50)
        print(
            f"{'ratio':12}{add_ratio:>10.3f}{pct(cnictl.add_ms, 90) / pct(reference.add_ms, 90):>10.3f}"
            f"{del_ratio:>10.3f}{pct(cnictl.del_ms, 90) / pct(reference.del_ms, 90):>10.3f}"
        )
        print()
        print(f"target ADD p50 <= 1/4 of reference: {add_ratio:.3f}  {verdict(add_ratio <= 0.25)}")
        print(f"target DEL p50 <= 1/4 of reference: {del_ratio:.3f}  {verdict(del_ratio <= 0.25)}")
        for tool in (cnictl, reference):
            tool.cleanup()
        tools = []

        peak = cnictl.peak_rss_kb
        if args.growth:
            runs = [Cnictl(binary, "g", "10.251.0.0/16")]
            if args.growth_reference:
                runs.append(Reference("r", "10.251.0.0/16"))
            tools += runs
            print(f"\ngrowth: {args.growth} ADDs on one network, then the DELs", file=sys.stderr)
            for tool in runs:
                settle()
                tenth = max(1, args.growth // 10)
                profiles = []
                for i in range(args.growth):
                    tool.add(tool.container(i), i)
                    # Where the time of an ADD goes, once the first tenth
                    # has been timed and again at the end.
                    if tool.label == "cnictl" and i + 1 in (tenth, args.growth):
                        count = min(20, MAX_BRIDGE_PORTS - (i + 1) - 2)
                        profiles.append((i + 1, tool.step_profile(count, first_id=100000 * len(profiles) + 100000)))
                        settle()
                if tool.label == "cnictl":
                    tool.probe_rss(args.growth)
                g = growth(tool.add_ms)
                print(
                    f"{tool.label} ADD growth to container {args.growth}: first {tenth} median "
                    f"{statistics.median(tool.add_ms[:tenth]):.2f}ms, last {tenth} median "
                    f"{statistics.median(tool.add_ms[-tenth:]):.2f}ms: {g:.2f}x"
                    + (f"  target <= 1.1x: {verdict(g <= 1.1)}" if tool.label == "cnictl" else "")
                )
                if profiles:
                    print_step_profiles(profiles)
                for i, name in enumerate(tool.containers):
                    tool.delete(name, i)
                if tool.label == "cnictl":
                    peak = max(peak, tool.peak_rss_kb)
        print(f"cnictl peak RSS: {peak / 1024:.1f} MB  target <= 15 MB: {verdict(peak / 1024 <= 15)}")
    finally:
        setns(ORIGINAL_NETNS)
        for tool in tools:
            tool.cleanup()


# --- Docker: `cnictl add NAME` against `docker inspect | jq` + bridge ----

DOCKER_IMAGE = "cnictl-test/busybox:latest"
DOCKER_SUBNET = "10.252.0.0/16"

# What users typed (DESIGN.md), with the container name and config filled in.
PIPELINE = (
    "CNI_COMMAND={command} "
    "CNI_CONTAINERID=$(docker inspect {name} | jq -r '.[0].Id') "
    "CNI_NETNS=$(docker inspect {name} | jq -r '.[0].NetworkSettings.SandboxKey') "
    "CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni " + REFERENCE + " < {conf}"
)


def ensure_docker_image():
    """The tests' busybox image, imported from busybox-static when missing."""
    if subprocess.run(["docker", "image", "inspect", DOCKER_IMAGE], capture_output=True).returncode == 0:
        return
    root = tempfile.mkdtemp(prefix="cnictl-bench-rootfs-")
    try:
        for d in ("bin", "etc", "www", "tmp", "proc", "sys", "dev"):
            os.makedirs(os.path.join(root, d))
        shutil.copy("/bin/busybox", os.path.join(root, "bin", "busybox"))
        applets = subprocess.run(["/bin/busybox", "--list"], capture_output=True, text=True, check=True).stdout
        for applet in applets.split():
            if applet != "busybox":
                os.symlink("busybox", os.path.join(root, "bin", applet))
        subprocess.run(f"tar -C {root} -c . | docker import - {DOCKER_IMAGE}", shell=True, check=True,
                       stdout=subprocess.DEVNULL)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def docker_containers(prefix, n):
    names = [f"{prefix}d{i}" for i in range(n)]
    for name in names:
        sh("docker", "run", "-d", "--net=none", "--name", name, DOCKER_IMAGE, "sleep", "3600")
    return names


class DockerCnictl(Cnictl):
    """cnictl given the container's name: it asks Docker itself."""

    def _cmd(self, verb, container, i):
        return [
            self.binary,
            "--conf-dir", os.path.join(self.dir, "conf"),
            "--cache-dir", os.path.join(self.dir, "cache"),
            "--json",
            verb,
            container,
        ] + (["--net", NETWORK] if verb == "add" else [])


class DockerPipeline(Reference):
    """The by-hand pipeline, run by sh as users ran it."""

    def _pipeline(self, command, container):
        conf = os.path.join(self.dir, "conf", f"{NETWORK}.conf")
        script = PIPELINE.format(command=command, name=container, conf=conf)
        return self.run(["sh", "-c", script], env=CLEAN_ENV)

    def add(self, container, i):
        self.add_ms.append(self._pipeline("ADD", container))

    def delete(self, container, i):
        self.del_ms.append(self._pipeline("DEL", container))


def docker_main(binary, n):
    for tool, package in (("docker", "docker.io"), ("jq", "jq"), ("/bin/busybox", "busybox-static")):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install {package} (or run scripts/setup-test-host.sh)")
    if subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
        sys.exit("the Docker daemon is not reachable: scripts/setup-test-host.sh starts it")
    ensure_docker_image()
    tools, names = [], []
    try:
        cnictl = DockerCnictl(binary, "x", DOCKER_SUBNET)
        pipeline = DockerPipeline("y", DOCKER_SUBNET)
        tools += [cnictl, pipeline]
        print(f"docker: starting {2 * n} --net=none containers ...", file=sys.stderr)
        ours = docker_containers(cnictl.host, n)
        names += ours
        theirs = docker_containers(pipeline.host, n)
        names += theirs
        print(f"docker: {n} ADDs then {n} DELs per side", file=sys.stderr)
        for i in range(n):
            cnictl.add(ours[i], i)
            pipeline.add(theirs[i], i)
        for i in range(n):
            cnictl.delete(ours[i], i)
            pipeline.delete(theirs[i], i)

        print()
        print(f"cnictl {cnictl_version(binary)} `add NAME` vs docker inspect | jq (x2) + {REFERENCE}, "
              f"N={n} Docker containers, ipMasq")
        print(f"{'':12}{'ADD p50':>10}{'ADD p90':>10}{'DEL p50':>10}{'DEL p90':>10}")
        for tool, label in ((pipeline, "pipeline"), (cnictl, "cnictl")):
            print(
                f"{label:12}"
                f"{pct(tool.add_ms, 50):>8.2f}ms{pct(tool.add_ms, 90):>8.2f}ms"
                f"{pct(tool.del_ms, 50):>8.2f}ms{pct(tool.del_ms, 90):>8.2f}ms"
            )
        ratio = pct(cnictl.add_ms, 50) / pct(pipeline.add_ms, 50)
        del_ratio = pct(cnictl.del_ms, 50) / pct(pipeline.del_ms, 50)
        print(f"{'ratio':12}{ratio:>10.3f}{pct(cnictl.add_ms, 90) / pct(pipeline.add_ms, 90):>10.3f}"
              f"{del_ratio:>10.3f}{pct(cnictl.del_ms, 90) / pct(pipeline.del_ms, 90):>10.3f}")
        print()
        print(f"target cnictl ADD p50 <= 1/5 of the pipeline: {ratio:.3f}  {verdict(ratio <= 0.2)}")
    finally:
        setns(ORIGINAL_NETNS)
        for tool in tools:
            tool.cleanup()
        if names:
            subprocess.run(["docker", "rm", "-f"] + names, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --- Publishing: `cnictl add --publish` against a plain `cnictl add` ------

IPTABLES_FAMILY = ("iptables", "ip6tables", "xtables", "iptables-restore", "iptables-save",
                   "ip6tables-restore", "ip6tables-save")


class PublishingCnictl(Cnictl):
    """cnictl publishing one host port per container (10000 + i)."""

    def _cmd(self, verb, container, i):
        cmd = super()._cmd(verb, container, i)
        return cmd + (["--publish", f"{10000 + i}:80"] if verb == "add" else [])


def iptables_execs(tool, container, i):
    """ADDs (untimed, under strace) one more container and DELs it; returns
    the iptables-family programs the ADD executed."""
    with tempfile.NamedTemporaryFile("r") as trace:
        tool.run(["strace", "-f", "-qq", "-e", "trace=execve", "-e", "status=successful",
                  "-o", trace.name] + tool._cmd("add", container, i), env=CLEAN_ENV)
        execs = []
        for line in trace:
            if "execve(" not in line:
                continue
            program = os.path.basename(line.split('execve("', 1)[1].split('"', 1)[0])
            if program.startswith(IPTABLES_FAMILY):
                execs.append(program)
    tool.run(tool._cmd("del", container, i), env=CLEAN_ENV)
    return execs


def publish_main(binary, n):
    if shutil.which("strace") is None:
        sys.exit("strace is missing: apt-get install strace")
    tools = []
    try:
        plain = Cnictl(binary, "p", "10.253.0.0/16")
        publishing = PublishingCnictl(binary, "q", "10.253.0.0/16")
        tools += [plain, publishing]
        print(f"publish: {n} ADDs then {n} DELs per side", file=sys.stderr)
        pairs = [(plain.container(i), publishing.container(i)) for i in range(n)]
        for i, (a, b) in enumerate(pairs):
            plain.add(a, i)
            publishing.add(b, i)
        execs = {
            "plain": iptables_execs(plain, plain.container(n), n),
            "publish": iptables_execs(publishing, publishing.container(n), n),
        }
        for i, (a, b) in enumerate(pairs):
            plain.delete(a, i)
            publishing.delete(b, i)

        print()
        print(f"cnictl {cnictl_version(binary)} `add` vs `add --publish PORT:80`, N={n}, /16 network, ipMasq")
        print(f"{'':12}{'ADD p50':>10}{'ADD p90':>10}{'DEL p50':>10}{'DEL p90':>10}{'ADD growth':>12}")
        for tool, label in ((plain, "add"), (publishing, "--publish")):
            print(
                f"{label:12}"
                f"{pct(tool.add_ms, 50):>8.2f}ms{pct(tool.add_ms, 90):>8.2f}ms"
                f"{pct(tool.del_ms, 50):>8.2f}ms{pct(tool.del_ms, 90):>8.2f}ms"
                f"{growth(tool.add_ms):>11.2f}x"
            )
        print(f"{'difference':12}{pct(publishing.add_ms, 50) - pct(plain.add_ms, 50):>8.2f}ms"
              f"{pct(publishing.add_ms, 90) - pct(plain.add_ms, 90):>8.2f}ms"
              f"{pct(publishing.del_ms, 50) - pct(plain.del_ms, 50):>8.2f}ms"
              f"{pct(publishing.del_ms, 90) - pct(plain.del_ms, 90):>8.2f}ms")
        print()
        for label, programs in execs.items():
            print(f"iptables-family execs in one ADD ({label}): {len(programs)} {programs}")
        extra = len(execs["publish"]) - len(execs["plain"])
        print(f"target --publish adds at most 1 exec: {extra}  {verdict(extra <= 1)}")
    finally:
        setns(ORIGINAL_NETNS)
        for tool in tools:
            tool.cleanup()


def cnictl_version(binary):
    return subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split()[-1]


def reference_version():
    out = subprocess.run([REFERENCE, "--version"], capture_output=True, text=True)
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "unknown version"


# Where the tools' scratch directories go (--state-dir); set by main().
STATE_ROOT = None
# The namespace the script started in; every timed run returns to it.
ORIGINAL_NETNS = f"/proc/{os.getpid()}/ns/net"
_ORIGINAL_FD = None
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("CNI_", "CNICTL_", "NETCONFPATH"))}
CLEAN_ENV["CNICTL_CONFIG"] = ""

if __name__ == "__main__":
    # /proc/<pid>/ns/net follows the process into other namespaces, so keep
    # a handle on the original one while we still are in it.
    _ORIGINAL_FD = os.open("/proc/self/ns/net", os.O_RDONLY)
    ORIGINAL_NETNS = f"/proc/self/fd/{_ORIGINAL_FD}"
    main()
