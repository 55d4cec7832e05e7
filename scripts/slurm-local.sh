#!/usr/bin/env bash
# Installs, configures, starts and stops a real single-node SLURM (with slurmdbd accounting)
# for integration tests and CI on Debian-like machines, without systemd.
#
# Usage: scripts/slurm-local.sh install|start|stop|stop-ctld|start-ctld|status
#
# Every daemon is started by this script and its PID saved under $PM_SLURM_STATE/pids;
# `stop` ends exactly those PIDs, never processes found by name.
#
# Environment (all optional):
#   PM_SLURM_STATE    state directory (PIDs, database password, logs)   default /var/lib/pm-slurm
#   PM_SLURM_CLUSTER  cluster name registered in slurmdbd              default pmtest
#   PM_SLURM_CPUS     CPUs the node advertises (more slots than cores) default 8
#   PM_SLURM_WAIT     seconds to wait for each daemon to answer        default 60
set -euo pipefail

STATE_DIR=${PM_SLURM_STATE:-/var/lib/pm-slurm}
PID_DIR=$STATE_DIR/pids
CLUSTER=${PM_SLURM_CLUSTER:-pmtest}
CPUS=${PM_SLURM_CPUS:-8}
WAIT=${PM_SLURM_WAIT:-60}
CONF_DIR=/etc/slurm
PACKAGES=(slurm-wlm munge slurmdbd mariadb-server)
# Start order; `stop` goes the other way.
DAEMONS=(munged mariadbd slurmdbd slurmctld slurmd)

log() { printf '[slurm-local] %s\n' "$*"; }
die() { printf '[slurm-local] ERROR: %s\n' "$*" >&2; exit 1; }

now() { date +%s.%N; }
# Prints "phase: N.NN s" for a phase started at $1.
timing() { awk -v s="$1" -v e="$(now)" -v p="$2" 'BEGIN { printf "[slurm-local] %-28s %6.2f s\n", p ":", e - s }'; }

require_root() {
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            exec sudo -E "$0" "$@"
        fi
        die "must run as root (or with sudo available)"
    fi
}

# ---------------------------------------------------------------- PID bookkeeping

pid_file() { echo "$PID_DIR/$1.pid"; }

# Prints the saved PID of daemon $1 when that process is alive and still is that daemon.
running_pid() {
    local f pid comm
    f=$(pid_file "$1")
    [ -s "$f" ] || return 1
    pid=$(cat "$f")
    [ -d "/proc/$pid" ] || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    # PIDs are reused: only a process with the daemon's own name counts.
    [ "$comm" = "$1" ] || return 1
    echo "$pid"
}

save_pid() { mkdir -p "$PID_DIR"; echo "$2" > "$(pid_file "$1")"; }

# Waits until file $1 holds the PID of a live process named $2, then saves it.
adopt_pidfile() {
    local file=$1 name=$2 deadline pid
    deadline=$((SECONDS + WAIT))
    while [ $SECONDS -lt $deadline ]; do
        if [ -s "$file" ]; then
            pid=$(tr -dc '0-9' < "$file")
            if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$name" ]; then
                save_pid "$name" "$pid"
                return 0
            fi
        fi
        sleep 0.1
    done
    die "$name did not write a valid PID to $file within ${WAIT}s (see $STATE_DIR/logs and /var/log/slurm)"
}

# Polls command "$@" until it succeeds or WAIT seconds pass; $1 is a description.
wait_for() {
    local what=$1 deadline
    shift
    deadline=$((SECONDS + WAIT))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || die "$what did not become ready within ${WAIT}s"
        sleep 0.2
    done
}

# Refuses to start a daemon when another copy (not ours) already holds its port.
refuse_foreign() {
    local name=$1
    if pgrep -x "$name" >/dev/null 2>&1; then
        die "a $name not started by this script is running (PIDs: $(pgrep -x "$name" | tr '\n' ' ')); stop it first"
    fi
}

# ---------------------------------------------------------------- install

all_installed() {
    local p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep 'install ok installed' >/dev/null || return 1
    done
    for p in sbatch slurmctld slurmd slurmdbd munged mariadbd sacctmgr; do
        command -v "$p" >/dev/null 2>&1 || [ -x "/usr/sbin/$p" ] || return 1
    done
}

cmd_install() {
    local t0 t created_policy=false
    t0=$(now)
    if all_installed; then
        log "packages already installed: ${PACKAGES[*]}"
        timing "$t0" "install (already done)"
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script supports Debian/Ubuntu only"
    export DEBIAN_FRONTEND=noninteractive
    # Package scripts must not start services: this script starts every daemon itself.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created_policy=true
    fi
    if ! apt-cache policy slurm-wlm 2>/dev/null | grep 'Candidate: [0-9]' >/dev/null; then
        t=$(now)
        apt-get update
        timing "$t" "apt-get update"
    fi
    t=$(now)
    apt-get install -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${PACKAGES[@]}"
    timing "$t" "apt-get install"
    if $created_policy; then rm -f /usr/sbin/policy-rc.d; fi
    all_installed || die "packages still missing after apt-get install"
    log "installed: slurm-wlm $(dpkg-query -W -f='${Version}' slurm-wlm)"
    timing "$t0" "install total"
}

# ---------------------------------------------------------------- configuration

node_host() { hostname -s; }

# Writes $2 to file $1 only when the content differs (keeps mtimes stable for running daemons).
write_if_changed() {
    local file=$1 content=$2
    if [ ! -f "$file" ] || [ "$(cat "$file")" != "$content" ]; then
        printf '%s\n' "$content" > "$file"
    fi
}

db_password() {
    local f=$STATE_DIR/db.pass
    if [ ! -s "$f" ]; then
        (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$f")
    fi
    cat "$f"
}

node_line() {
    local host=$1 mem
    # slurmd -C reports the real hardware; keep its memory, advertise CPUS cores
    # (allowed by SlurmdParameters=config_overrides) for more parallel test slots.
    mem=$(slurmd -C 2>/dev/null | head -1 | tr ' ' '\n' | sed -n 's/^RealMemory=//p')
    [ -n "$mem" ] || die "could not read RealMemory from 'slurmd -C'"
    echo "NodeName=$host NodeAddr=127.0.0.1 CPUs=$CPUS Boards=1 SocketsPerBoard=1 CoresPerSocket=$CPUS ThreadsPerCore=1 RealMemory=$mem State=UNKNOWN"
}

write_configs() {
    local host
    host=$(node_host)
    mkdir -p "$CONF_DIR" /var/log/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd "$STATE_DIR/logs"
    chown slurm:slurm /var/log/slurm /var/lib/slurm/slurmctld
    write_if_changed "$CONF_DIR/slurm.conf" "# Written by scripts/slurm-local.sh: single-node SLURM for tests.
ClusterName=$CLUSTER
SlurmctldHost=$host(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
ReturnToService=2
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SchedulerType=sched/backfill
# A finished task frees its CPU at once instead of on the next scheduler tick.
SchedulerParameters=batch_sched_delay=0
Epilog=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
MaxArraySize=100001
MaxJobCount=200000
# Reject impossible requests at submission instead of pending forever.
EnforcePartLimits=ALL
MailProg=/bin/true
MinJobAge=300
InactiveLimit=0
KillWait=5
Waittime=0
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort=6819
JobAcctGatherType=jobacct_gather/linux
# sample every task once a second: a short job still gets MaxRSS (with 30 s it shows none)
JobAcctGatherFrequency=task=1
JobCompType=jobcomp/none
$(node_line "$host")
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
PartitionName=regular Nodes=ALL Default=NO MaxTime=INFINITE State=UP"
    write_if_changed "$CONF_DIR/slurmdbd.conf" "# Written by scripts/slurm-local.sh.
AuthType=auth/munge
DbdAddr=127.0.0.1
DbdHost=localhost
DbdPort=6819
SlurmUser=slurm
LogFile=/var/log/slurm/slurmdbd.log
PidFile=/run/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=localhost
StoragePort=3306
StorageUser=slurm
StoragePass=$(db_password)
StorageLoc=slurm_acct_db"
    # slurmdbd refuses a configuration readable by others.
    chown slurm:slurm "$CONF_DIR/slurmdbd.conf"
    chmod 600 "$CONF_DIR/slurmdbd.conf"
    # Debian reads this directory; the buffer pool size silences slurmdbd's startup warning.
    if [ -d /etc/mysql/mariadb.conf.d ]; then
        write_if_changed /etc/mysql/mariadb.conf.d/99-pm-slurm.cnf "[mysqld]
bind-address=127.0.0.1
innodb_buffer_pool_size=1024M
innodb_lock_wait_timeout=900"
    fi
}

# ---------------------------------------------------------------- daemons

start_munged() {
    if running_pid munged >/dev/null; then log "munged already running"; return; fi
    refuse_foreign munged
    if [ ! -s /etc/munge/munge.key ]; then
        if command -v mungekey >/dev/null 2>&1; then mungekey --create --keyfile=/etc/munge/munge.key
        else dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
    fi
    chown munge:munge /etc/munge/munge.key
    chmod 400 /etc/munge/munge.key
    mkdir -p /run/munge
    chown munge:munge /run/munge
    chmod 755 /run/munge
    rm -f /run/munge/munged.pid
    runuser -u munge -- /usr/sbin/munged
    adopt_pidfile /run/munge/munged.pid munged
    wait_for "munge" bash -c 'munge -n | unmunge'
}

start_mariadbd() {
    if running_pid mariadbd >/dev/null; then log "mariadbd already running"; return; fi
    refuse_foreign mariadbd
    if [ ! -d /var/lib/mysql/mysql ]; then
        mariadb-install-db --user=mysql --datadir=/var/lib/mysql >"$STATE_DIR/logs/mariadb-install.log" 2>&1
    fi
    mkdir -p /run/mysqld
    chown mysql:mysql /run/mysqld
    # mariadbd does not daemonize itself: a new session keeps it alive after this script ends.
    setsid nohup /usr/sbin/mariadbd --user=mysql --pid-file=/run/mysqld/mysqld.pid \
        >>"$STATE_DIR/logs/mariadbd.log" 2>&1 < /dev/null &
    save_pid mariadbd $!
    wait_for "mariadbd" mariadb-admin ping
    running_pid mariadbd >/dev/null || die "mariadbd exited; see $STATE_DIR/logs/mariadbd.log"
    local pass
    pass=$(db_password)
    mariadb -u root <<SQL
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$pass';
ALTER USER 'slurm'@'localhost' IDENTIFIED BY '$pass';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
FLUSH PRIVILEGES;
SQL
}

start_slurmdbd() {
    if running_pid slurmdbd >/dev/null; then log "slurmdbd already running"; return; fi
    refuse_foreign slurmdbd
    rm -f /run/slurmdbd.pid
    /usr/sbin/slurmdbd
    adopt_pidfile /run/slurmdbd.pid slurmdbd
    wait_for "slurmdbd" sacctmgr -n list cluster
    if ! sacctmgr -n -P list cluster format=Cluster | grep -x "$CLUSTER" >/dev/null; then
        sacctmgr -i add cluster "$CLUSTER"
    fi
}

ctld_up() { scontrol ping 2>/dev/null | grep 'is UP' >/dev/null; }

start_slurmctld() {
    if running_pid slurmctld >/dev/null; then log "slurmctld already running"; return; fi
    refuse_foreign slurmctld
    rm -f /run/slurmctld.pid
    /usr/sbin/slurmctld
    adopt_pidfile /run/slurmctld.pid slurmctld
    wait_for "slurmctld" ctld_up
}

node_idle() {
    local host st
    host=$(node_host)
    st=$(timeout 10 sinfo -h -n "$host" -o %t 2>/dev/null | head -1)
    case "$st" in
        idle|mix|alloc) return 0 ;;
        down*|drain*|drng*)
            # A node left down by an earlier run comes back once slurmd is up.
            scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
            return 1 ;;
        *) return 1 ;;
    esac
}

start_slurmd() {
    if running_pid slurmd >/dev/null; then log "slurmd already running"; return; fi
    refuse_foreign slurmd
    rm -f /run/slurmd.pid
    /usr/sbin/slurmd
    adopt_pidfile /run/slurmd.pid slurmd
    wait_for "node $(node_host) idle in sinfo" node_idle
}

all_running() {
    local d
    for d in "${DAEMONS[@]}"; do running_pid "$d" >/dev/null || return 1; done
}

cmd_start() {
    local t0 t d
    t0=$(now)
    all_installed || die "SLURM packages missing: run '$0 install' first"
    mkdir -p "$PID_DIR" "$STATE_DIR/logs"
    if all_running && node_idle; then
        log "already running ($(node_host), cluster $CLUSTER)"
        return 0
    fi
    t=$(now); write_configs; timing "$t" "configure"
    for d in "${DAEMONS[@]}"; do
        t=$(now)
        "start_$d"
        timing "$t" "start $d"
    done
    timing "$t0" "start total"
    timeout 10 sinfo || true
}

stop_daemon() {
    local name=$1 pid deadline
    if pid=$(running_pid "$name"); then
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 30))
        while [ -d "/proc/$pid" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
        if [ -d "/proc/$pid" ]; then
            log "$name ($pid) did not exit after SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            while [ -d "/proc/$pid" ]; do sleep 0.1; done
        fi
        log "stopped $name ($pid)"
    else
        log "$name not running"
    fi
    rm -f "$(pid_file "$name")"
    # Stale PID files make later daemon starts and package removal fail.
    case "$name" in
        slurmctld) rm -f /run/slurmctld.pid ;;
        slurmd) rm -f /run/slurmd.pid ;;
        slurmdbd) rm -f /run/slurmdbd.pid ;;
        munged) rm -f /run/munge/munged.pid ;;
        mariadbd) rm -f /run/mysqld/mysqld.pid ;;
    esac
}

cmd_stop() {
    local t0 i
    t0=$(now)
    for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do stop_daemon "${DAEMONS[i]}"; done
    timing "$t0" "stop total"
}

cmd_stop_ctld() {
    local t0
    t0=$(now)
    stop_daemon slurmctld
    timing "$t0" "stop slurmctld"
}

cmd_start_ctld() {
    local t0
    t0=$(now)
    start_slurmctld
    # Jobs can only start once slurmd has registered with the new controller again.
    if running_pid slurmd >/dev/null; then
        wait_for "node $(node_host) idle in sinfo" node_idle
    fi
    timing "$t0" "start slurmctld"
}

cmd_status() {
    local d pid rc=0
    for d in "${DAEMONS[@]}"; do
        if pid=$(running_pid "$d"); then
            printf '%-10s up   (pid %s)\n' "$d" "$pid"
        else
            printf '%-10s down\n' "$d"
            rc=1
        fi
    done
    timeout 15 sinfo 2>&1 || rc=1
    return $rc
}

main() {
    local cmd=${1:-}
    case "$cmd" in
        install|start|stop|stop-ctld|start-ctld|status) ;;
        *) echo "usage: $0 install|start|stop|stop-ctld|start-ctld|status" >&2; exit 2 ;;
    esac
    require_root "$@"
    case "$cmd" in
        install) cmd_install ;;
        start) cmd_start ;;
        stop) cmd_stop ;;
        stop-ctld) cmd_stop_ctld ;;
        start-ctld) cmd_start_ctld ;;
        status) cmd_status ;;
    esac
}

main "$@"
