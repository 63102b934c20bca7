#!/usr/bin/env bash
# A real one-node Slurm cluster on this machine, for tests and for trying `mnistbench slurm`.
#
#   dir="$(scripts/slurm_cluster.sh start)"   # prints its state directory on the last line
#   source "$dir/env"                         # SLURM_CONF (and MNISTBENCH_SLURM) for sbatch, sinfo ...
#   scripts/slurm_cluster.sh stop "$dir"      # cancels jobs, stops every daemon, removes the dir
#
# Everything lives in one temporary state directory: the munge key and socket, slurm.conf, the
# controller's state, the spool, logs and pid files. Nothing under /etc is read or written, and
# the machine's own munge or Slurm (if any) is not touched: the daemons use free ports and the
# clients find this cluster only through SLURM_CONF. Needs root (SlurmUser=root) and the Debian
# packages slurm-wlm and munge. No systemd or cgroups: processes are tracked through /proc
# (proctrack/linuxproc), tasks are not confined (task/none), and no accounting daemon runs; job
# states stay visible to `scontrol show job` for an hour (MinJobAge) and finished jobs are logged
# to log/jobcomp.txt.
set -euo pipefail

die() { echo "slurm_cluster: $*" >&2; exit 1; }

port_in_use() {  # true when something listens on TCP port $1
  local hex
  hex="$(printf '%04X' "$1")"
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p=":$hex" '$2 ~ p"$" && $4 == "0A" {f=1} END {exit !f}'
}

free_port() {  # the first port from $1 on that nothing listens on
  local p="$1"
  while port_in_use "$p" || port_in_use "$((p + 1))"; do p=$((p + 2)); done
  echo "$p"
}

# The pids of every process the cluster in $1 started: the daemons carry MNISTBENCH_SLURM_DAEMON
# in their environment, and so does slurmstepd, which slurmd spawns (and which may detach from
# it); job scripts and their children descend from those. Nothing else is ever signalled.
cluster_pids() {
  local mark="MNISTBENCH_SLURM_DAEMON=$1" pid ppid roots=" "
  declare -A parent=()
  for pid in /proc/[0-9]*; do
    pid="${pid#/proc/}"
    local stat=""
    { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || continue
    stat="${stat##*) }"      # after "pid (comm) ": state, ppid, ...
    ppid="${stat#* }"
    ppid="${ppid%% *}"
    parent[$pid]="$ppid"
  done
  # One grep over all environments: a fork per process is slow on small VMs.
  local f
  for f in $(grep -lzxF "$mark" /proc/[0-9]*/environ 2>/dev/null); do
    f="${f#/proc/}"
    roots+="${f%/environ} "
  done
  for pid in "${!parent[@]}"; do  # a process belongs if one of its ancestors is a root
    local p="$pid" hops=0
    while [ -n "$p" ] && [ "$p" != 0 ] && [ "$p" != 1 ] && [ $hops -lt 64 ]; do
      if [[ "$roots" == *" $p "* ]]; then echo "$pid"; break; fi
      p="${parent[$p]:-}"; hops=$((hops + 1))
    done
  done
}

start() {
  [ "$(id -u)" -eq 0 ] || die "needs root (the test cluster runs its daemons as SlurmUser=root)"
  for tool in munged slurmctld slurmd sinfo sbatch; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (install slurm-wlm and munge)"
  done
  local dir="${1:-}"
  if [ -z "$dir" ]; then dir="$(mktemp -d "${TMPDIR:-/tmp}/mnistbench-slurm.XXXXXX")"; fi
  mkdir -p "$dir"/{munge,state,spool,log}
  chmod 711 "$dir" "$dir/munge"  # munged wants its socket's directories searchable by all
  dir="$(cd "$dir" && pwd)"
  local host cpus port
  host="$(hostname -s)"
  cpus="$(nproc)"
  port="$(free_port 6817)"

  # munge: a fresh random key, and a socket in the state dir that slurm.conf points at.
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
  export MNISTBENCH_SLURM_DAEMON="$dir"  # marks the daemons and what they spawn, for stop
  munged --force --foreground --socket="$dir/munge/munge.socket" \
    --key-file="$dir/munge/munge.key" --pid-file="$dir/munge/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" \
    >>"$dir/log/munged.out" 2>&1 </dev/null &
  echo $! >"$dir/munged.pid"

  cat >"$dir/slurm.conf" <<EOF
# One-node test cluster written by scripts/slurm_cluster.sh; state in $dir.
ClusterName=mnistbench
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid.own
SlurmdPidFile=$dir/slurmd.pid.own
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=3600
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  cat >"$dir/env" <<EOF
export SLURM_CONF=$dir/slurm.conf
export MNISTBENCH_SLURM=$dir
EOF

  local i
  for i in $(seq 50); do [ -S "$dir/munge/munge.socket" ] && break; sleep 0.1; done
  [ -S "$dir/munge/munge.socket" ] || { cat "$dir/log/munged.out" "$dir/log/munged.log" >&2 || true; die "munged did not start"; }

  slurmctld -D -c -f "$dir/slurm.conf" >>"$dir/log/slurmctld.out" 2>&1 </dev/null &
  echo $! >"$dir/slurmctld.pid"
  slurmd -D -N "$host" -f "$dir/slurm.conf" >>"$dir/log/slurmd.out" 2>&1 </dev/null &
  echo $! >"$dir/slurmd.pid"

  # Up when the node reports idle: within seconds; a minute means something is wrong.
  for i in $(seq 120); do
    if [ "$(sinfo -h -N -o '%t' 2>/dev/null | head -1)" = "idle" ]; then
      echo "slurm_cluster: node $host idle ($cpus CPUs), SLURM_CONF=$dir/slurm.conf" >&2
      echo "$dir"
      return 0
    fi
    sleep 0.5
  done
  echo "slurm_cluster: the node did not become idle within 60 s; sinfo says:" >&2
  sinfo -N -l >&2 || true
  tail -n 20 "$dir"/log/*.log "$dir"/log/*.out >&2 || true
  stop "$dir"
  exit 1
}

stop() {
  local dir="${1:-${MNISTBENCH_SLURM:-}}"
  [ -n "$dir" ] || die "usage: $0 stop STATE_DIR"
  [ -f "$dir/slurm.conf" ] || { echo "slurm_cluster: no cluster in $dir" >&2; return 0; }
  dir="$(cd "$dir" && pwd)"
  export SLURM_CONF="$dir/slurm.conf"
  if [ -f "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
    timeout 10 scancel --full --quiet -u root 2>/dev/null || true
  fi
  local name pid
  for name in slurmd slurmctld munged; do
    [ -f "$dir/$name.pid" ] || continue
    pid="$(cat "$dir/$name.pid")"
    kill "$pid" 2>/dev/null || true
  done
  # Then anything the cluster spawned (slurmstepd, job scripts, their children) by pid.
  local i left
  for i in $(seq 50); do
    left="$(cluster_pids "$dir"; for name in slurmd slurmctld munged; do
      [ -f "$dir/$name.pid" ] && kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null && cat "$dir/$name.pid"
    done; true)"
    [ -z "$left" ] && break
    if [ "$i" -eq 20 ]; then
      for pid in $left; do kill -9 "$pid" 2>/dev/null || true; done
    else
      for pid in $left; do kill "$pid" 2>/dev/null || true; done
    fi
    sleep 0.2
  done
  [ -z "$left" ] || echo "slurm_cluster: processes still alive: $left" >&2
  if [ -z "${MNISTBENCH_SLURM_KEEP:-}" ]; then rm -rf "$dir"; fi
  echo "slurm_cluster: stopped" >&2
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) die "usage: $0 start [STATE_DIR] | stop STATE_DIR" ;;
esac
