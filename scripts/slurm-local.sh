#!/usr/bin/env bash
# A real single-node Slurm on this machine (munged + slurmctld + slurmd, all local), to try and
# test the job-array recipes of docs/cluster.md. Debian/Ubuntu, run as root (or with sudo).
#
#   scripts/slurm-local.sh install   apt-get install slurm-wlm munge (only what is missing)
#   scripts/slurm-local.sh start     write the config, start the daemons, wait for the node (idempotent)
#   scripts/slurm-local.sh stop      cancel every job and stop the daemons (idempotent)
#   scripts/slurm-local.sh status    what runs, sinfo, squeue
#
# One node, named `hostname -s`, with this machine's CPUs and memory (from `slurmd -C`); partition
# `debug`. CR_CPU: each task of an array takes one CPU, so a 2-CPU machine runs two at once.
# proctrack/linuxproc and task/none need neither systemd nor cgroup delegation, so this works in
# containers and VMs without systemd (slurmd still loads a cgroup plugin: see cgroup_config).
# The config goes to /etc/slurm (where sbatch, squeue and sinfo look without SLURM_CONF);
# state, spool, pid files and logs to $OPTIM_RUN_SLURM_DIR (default /var/lib/optim-run-slurm).
set -euo pipefail

BASE=${OPTIM_RUN_SLURM_DIR:-/var/lib/optim-run-slurm}
CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
MUNGE_KEY=/etc/munge/munge.key
MUNGE_PID=/run/munge/munged.pid
CTLD_PID=$BASE/run/slurmctld.pid
SLURMD_PID=$BASE/run/slurmd.pid
WAIT=${OPTIM_RUN_SLURM_WAIT:-60}   # seconds to wait for the node to become idle
# task/none: a task sees every CPU of the node (pass --threads); task/affinity (also works on
# Debian 12 here) pins each task to its CPUs, as most clusters do.
TASK_PLUGIN=${OPTIM_RUN_SLURM_TASK_PLUGIN:-task/none}

say() { echo "slurm-local: $*" >&2; }
die() { say "error: $*"; exit 1; }

need_root() {
  [ "$(id -u)" -eq 0 ] || die "run as root (sudo $0 $*): the daemons and /etc/slurm need it"
}

# The pid in pid file $1 if that process is alive and runs program $2, else nothing.
live_pid() {
  local pid
  [ -s "$1" ] || return 1
  pid=$(tr -dc 0-9 < "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  grep -q "$2" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

install() {
  local need=()
  for tool in slurmctld slurmd sbatch munged; do
    command -v "$tool" >/dev/null 2>&1 || { need=(slurm-wlm munge); break; }
  done
  if [ ${#need[@]} -eq 0 ]; then
    say "slurm and munge are installed ($(slurmd -V))"
    return
  fi
  need_root install
  say "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  say "installed $(slurmd -V)"
}

# The slurm.conf for this machine, on stdout.
config() {
  local host hw cpus mem
  host=$(hostname -s)
  # `slurmd -C` prints "NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2
  # ThreadsPerCore=1 RealMemory=24105" and "UpTime=...": the node line, less name and memory.
  hw=$(slurmd -C 2>/dev/null | head -n 1) || true
  cpus=$(grep -o 'CPUs=.*ThreadsPerCore=[0-9]*' <<<"$hw") || cpus="CPUs=$(nproc --all)"
  mem=$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$hw")
  [ -n "$mem" ] || mem=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
  # A node that reports less memory than slurm.conf says is drained ("Low RealMemory"); what the
  # kernel reports moves a little between boots, so declare 95%.
  mem=$((mem * 95 / 100))
  cat <<EOF
# Written by optim-run's scripts/slurm-local.sh: a single-node cluster on $host.
ClusterName=optim-run-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=$TASK_PLUGIN
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
# Start the next array task as soon as one ends (the defaults wait up to 3 s more).
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=300
InactiveLimit=0
KillWait=30
# sbatch --wait polls after 2 s, 8 s, then every 32 s, unless MinJobAge <= 4 keeps the poll at
# 2 s: a 15 s job array would be seen done after 42 s. The cost: squeue and scontrol forget a
# finished job after a few seconds to a minute (there is no accounting database here anyway).
MinJobAge=4
NodeName=$host NodeAddr=127.0.0.1 $cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
}

cgroup_config() {
  # slurmd loads a cgroup plugin even with proctrack/linuxproc and task/none, and the one it picks
  # must match the machine: on a cgroup v1 or hybrid host (/sys/fs/cgroup is a tmpfs, as on
  # Debian 12 without systemd, or in Docker on a v1 host) cgroup/v2 is fatal for slurmd ("Hybrid
  # mode is not supported") and cgroup/v1 works; on a pure v2 host (cgroup2fs: Ubuntu 22.04+,
  # Debian 12 with systemd) only cgroup/v2 can work, and without systemd it must make its own
  # hierarchy.
  echo "# Written by optim-run's scripts/slurm-local.sh for a $(stat -fc %T /sys/fs/cgroup 2>/dev/null) /sys/fs/cgroup."
  if [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; then
    echo "CgroupPlugin=cgroup/v2"
    echo "CgroupAutomount=yes"
    echo "IgnoreSystemdOnFailure=yes"
  else
    echo "CgroupPlugin=cgroup/v1"
    echo "CgroupAutomount=no"
  fi
}

# Writes $2 (text) to $1 if it differs; returns 0 when it changed.
write_if_changed() {
  if [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; then return 1; fi
  printf '%s\n' "$2" > "$1.tmp"
  chmod 0644 "$1.tmp"
  mv "$1.tmp" "$1"
}

start_munge() {
  if [ ! -s "$MUNGE_KEY" ]; then
    say "creating $MUNGE_KEY"
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null 2>&1; then
      mungekey --create --keyfile="$MUNGE_KEY" --force
    else
      dd if=/dev/urandom of="$MUNGE_KEY" bs=1 count=1024 status=none
    fi
  fi
  # munged refuses to start unless these belong to munge and are not writable by others.
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /etc/munge "$MUNGE_KEY" /run/munge /var/lib/munge /var/log/munge
  chmod 0700 /etc/munge /var/lib/munge /var/log/munge
  chmod 0755 /run/munge
  chmod 0400 "$MUNGE_KEY"
  # A munged that answers is kept, whoever started it (the package's service, on a systemd host).
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    return
  fi
  say "starting munged"
  # munged forks into the background and writes $MUNGE_PID.
  runuser -u munge -- /usr/sbin/munged --force
  for _ in $(seq 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return
    sleep 0.1
  done
  tail -n 20 /var/log/munge/munged.log >&2 2>/dev/null || true
  die "munged does not answer (munge -n | unmunge fails)"
}

logs_tail() {
  for log in "$BASE/log/slurmctld.log" "$BASE/log/slurmd.log"; do
    [ -f "$log" ] || continue
    echo "--- last lines of $log" >&2
    tail -n 25 "$log" >&2
  done
}

# Waits up to $3 seconds for pid file $1 to name a live $2. The daemons fork into the background
# and their parent returns before the child has written its pid file (milliseconds on a quiet
# machine, longer on a busy one), so an absent pid file right after the start means nothing yet.
wait_for_pid() {
  for _ in $(seq $(($3 * 10))); do
    live_pid "$1" "$2" >/dev/null && return 0
    sleep 0.1
  done
  return 1
}

node_state() { sinfo -h -N -n "$(hostname -s)" -o '%T' 2>/dev/null | head -n 1; }

start() {
  need_root start
  command -v slurmctld >/dev/null 2>&1 || die "Slurm is not installed: run $0 install (or scripts/setup.sh)"
  mkdir -p "$CONF_DIR" "$BASE/state" "$BASE/spool" "$BASE/run" "$BASE/log"
  local changed=0
  write_if_changed "$CONF" "$(config)" && changed=1
  write_if_changed "$CONF_DIR/cgroup.conf" "$(cgroup_config)" && changed=1
  start_munge

  local ctld slurmd_pid
  ctld=$(live_pid "$CTLD_PID" slurmctld) || true
  slurmd_pid=$(live_pid "$SLURMD_PID" slurmd) || true
  if [ "$changed" = 1 ] && { [ -n "$ctld" ] || [ -n "$slurmd_pid" ]; }; then
    say "slurm.conf changed: restarting the daemons"
    stop_slurm
    ctld="" slurmd_pid=""
  fi
  local since rc
  since=$(date +%s)
  if [ -z "$ctld" ]; then
    say "starting slurmctld"
    slurmctld || { rc=$?; logs_tail; die "slurmctld did not start (exit status $rc; config $CONF)"; }
    wait_for_pid "$CTLD_PID" slurmctld 30 || { logs_tail; die "slurmctld stopped or wrote no pid file in 30 s (logs in $BASE/log)"; }
  fi
  if [ -z "$slurmd_pid" ]; then
    say "starting slurmd"
    slurmd || { rc=$?; logs_tail; die "slurmd did not start (exit status $rc; config $CONF)"; }
    wait_for_pid "$SLURMD_PID" slurmd 30 || { logs_tail; die "slurmd stopped or wrote no pid file in 30 s (logs in $BASE/log)"; }
  else
    since=0
  fi

  # Wait until slurmd has registered (a restarted slurmctld first shows the state it saved) and
  # the node is idle (or mixed/allocated, when jobs already run).
  local state="" started resumed=0 host
  host=$(hostname -s)
  for i in $(seq $((WAIT * 5))); do
    live_pid "$SLURMD_PID" slurmd >/dev/null || { logs_tail; die "slurmd stopped (logs in $BASE/log)"; }
    state=$(node_state) || true
    started=$(scontrol show node "$host" 2>/dev/null | sed -n 's/.*SlurmdStartTime=\([^ ]*\).*/\1/p')
    started=$(date -d "$started" +%s 2>/dev/null) || started=0
    if [ "$started" -ge $((since - 1)) ]; then
      case "$state" in
        idle|mixed|allocated|completing) break ;;
        drain*|down*|*drained|*draining)
          # Drained or down by an earlier run (the state is kept in $BASE/state), or it flapped
          # while restarting: slurmd has registered with this configuration, so resume it once.
          if [ "$resumed" = 0 ]; then
            say "node $host is $state ($(sinfo -h -N -n "$host" -o '%E')): resuming it"
            scontrol update NodeName="$host" State=RESUME || true
            resumed=1
          fi ;;
      esac
    fi
    state="$state (slurmd registered: $([ "$started" -ge $((since - 1)) ] && echo yes || echo no))"
    sleep 0.2
  done
  case "$state" in
    idle|mixed|allocated|completing) ;;
    *)
      say "the node is $state after ${WAIT}s, not idle"
      scontrol show node "$host" >&2 || true
      logs_tail
      die "Slurm did not come up (config $CONF, logs in $BASE/log)"
      ;;
  esac
  say "node $(hostname -s) is $state ($(sinfo -h -o '%c CPUs, %m MB' | head -n 1)); partition debug"
}

# Cancels every job, then stops slurmd and slurmctld.
stop_slurm() {
  local pid
  if live_pid "$CTLD_PID" slurmctld >/dev/null; then
    local jobs
    jobs=$(squeue -h -o '%A' 2>/dev/null || true)
    if [ -n "$jobs" ]; then
      say "cancelling jobs: $(echo $jobs)"
      # shellcheck disable=SC2086
      scancel $jobs 2>/dev/null || true
      for _ in $(seq 50); do
        [ -z "$(squeue -h -t running,completing -o '%A' 2>/dev/null)" ] && break
        sleep 0.2
      done
    fi
  fi
  for daemon in slurmd slurmctld; do
    local file=$SLURMD_PID
    [ "$daemon" = slurmctld ] && file=$CTLD_PID
    pid=$(live_pid "$file" "$daemon") || continue
    say "stopping $daemon ($pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$daemon ($pid) ignored SIGTERM for 10 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
  done
}

stop() {
  need_root stop
  stop_slurm
  local pid
  if pid=$(live_pid "$MUNGE_PID" munged); then
    say "stopping munged ($pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  say "stopped"
}

status() {
  local pid rc=0
  for entry in "munged:$MUNGE_PID" "slurmctld:$CTLD_PID" "slurmd:$SLURMD_PID"; do
    if pid=$(live_pid "${entry#*:}" "${entry%%:*}"); then
      echo "${entry%%:*}: running ($pid)"
    else
      echo "${entry%%:*}: not running"
      rc=1
    fi
  done
  if [ "$rc" = 0 ]; then
    sinfo
    squeue
  fi
  return "$rc"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  config) config ;;
  *) echo "usage: $0 install|start|stop|restart|status|config" >&2; exit 2 ;;
esac
