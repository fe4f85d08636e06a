# shellcheck shell=bash
#
# deploy/local/servers.sh - run PostgreSQL 15 and RabbitMQ 3.10 as plain
# processes (no Docker engine on the dev/CI machines), for `./platform up`
# and `./platform test`.
#
# Sourced, never executed. Public functions:
#
#   ensure_packages
#   pg_start      DIR PORT [test]           -> sets PG_STARTED=0|1
#   pg_stop       DIR PORT
#   rabbit_start  DIR PORT DIST_PORT MGMT_PORT   -> sets RABBIT_STARTED=0|1
#   rabbit_stop   DIR PORT
#   rabbit_ctl    DIR PORT rabbitmqctl-args...
#
# Ownership rule: a server is "ours" only while a pid file for its port exists
# in $PLATFORM_STATE_DIR and that pid is still the server. *_start does
# nothing when something already answers on the port (someone else's server,
# or ours from an earlier command), and *_stop only ever stops what a pid file
# says we started, so both are safe to call repeatedly and never touch a
# server somebody else runs. Callers that want "stop only what *this*
# invocation started" should look at PG_STARTED / RABBIT_STARTED.
#
# Every function is safe under `set -euo pipefail` and only writes short
# status lines to stderr; tool output goes to log files.
#
# Facts this relies on are in deploy/README.md, "Running the real servers" (measured on Debian 12).

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
RABBIT_BIN=${RABBIT_BIN:-/usr/lib/rabbitmq/bin}
PG_STARTED=${PG_STARTED:-0}
RABBIT_STARTED=${RABBIT_STARTED:-0}

_srv_say() { printf 'servers: %s\n' "$*" >&2; }

# State (pid files, install log) lives outside the data folders so that a
# caller wiping a test data folder cannot orphan a running server.
_srv_state_dir() {
  local d=${PLATFORM_STATE_DIR:-/var/tmp/platform-state}
  mkdir -p -- "$d"
  printf '%s\n' "$d"
}

_srv_abs() { realpath -m -- "$1"; }

# pid files can outlive their process and pids get reused: only trust a pid
# whose command name is what we expect.
_srv_pid_is() {
  local pid=${1:-} name=$2 comm
  _srv_alive "$pid" || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ $comm == "$name"* ]]
}

# A child of a shell that has not reaped it yet lingers as a zombie, which
# kill -0 still reports: count zombies as gone.
_srv_alive() {
  local pid=${1:-} st
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # The state follows the last ")" (the command name may hold spaces).
  st=$(sed -E 's/.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ -n $st && $st != Z ]]
}

_srv_wait_gone() {
  local pid=$1 secs=$2 i
  for ((i = 0; i < secs * 10; i++)); do
    _srv_alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

_srv_ms() { date +%s%3N; }

# _srv_spawn PIDFILE LOG CWD CMD... - start CMD in the background, detached.
# Its own session keeps the caller's terminal (Ctrl-C, SIGHUP) away from it:
# measured, a Ctrl-C aimed at the caller otherwise kills epmd and makes the
# rabbitmq-server wrapper stop the node, under the feet of the caller's own
# cleanup. postgres gets the same from pg_ctl. Servers end only through the
# *_stop functions. setsid forks when the caller is a process-group leader
# (job control on), so $! is unreliable: the child writes its own pid
# before exec'ing, which also avoids the `cd X && cmd &` subshell-pid trap.
_srv_spawn() {
  local pidfile=$1 log=$2 cwd=$3 i
  shift 3
  rm -f -- "$pidfile"
  # shellcheck disable=SC2016  # expanded by the inner sh
  setsid sh -c 'echo $$ >"$1.tmp" && mv "$1.tmp" "$1" && cd "$2" && shift 2 && exec "$@"' \
    sh "$pidfile" "$cwd" "$@" >>"$log" 2>&1 </dev/null &
  for ((i = 0; i < 100; i++)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.05
  done
  _srv_say "could not start $1 (see $log)"
  return 1
}

# --------------------------------------------------------------------------
# Packages
# --------------------------------------------------------------------------

# Runs in a subshell so the EXIT trap that removes our policy-rc.d fires even
# when apt-get fails under the caller's `set -e`.
ensure_packages() (
  set -euo pipefail
  local need_pg=0 need_rabbit=0 tools=()
  [[ -x $PG_BIN/postgres ]] || need_pg=1
  [[ -x $RABBIT_BIN/rabbitmq-server ]] || need_rabbit=1
  # The platform script itself needs curl (readiness, demo) and openssl (tokens).
  command -v curl >/dev/null || tools+=(curl ca-certificates)
  command -v openssl >/dev/null || tools+=(openssl)
  # The OpenAPI lint in the tests runs Redocly (npm).
  command -v npm >/dev/null || tools+=(nodejs npm)
  # The Kubernetes manifest tests unpack a pinned kubectl (ensure_kubectl in ./platform) with unzip.
  command -v unzip >/dev/null || tools+=(unzip)
  ((need_pg || need_rabbit || ${#tools[@]})) || exit 0

  if ((EUID != 0)); then
    _srv_say "postgresql/rabbitmq-server missing and not root: install them with apt-get"
    exit 1
  fi

  local log
  log="$(_srv_state_dir)/apt.log"
  : >"$log"

  # The packages' maintainer scripts start their services through
  # invoke-rc.d/deb-systemd-invoke: that would leave a system PostgreSQL on
  # 5432 and a system RabbitMQ on 5672/4369 competing with ours (and the
  # RabbitMQ start can fail the install outright in a container).
  # policy-rc.d exiting 101 forbids those starts. Docker-style images often
  # ship one already; we only remove the file if we wrote it.
  local policy=/usr/sbin/policy-rc.d
  if [[ ! -e $policy ]]; then
    trap 'rm -f "$policy"' EXIT
    printf '#!/bin/sh\n# temporary, written by deploy/local/servers.sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
  fi

  export DEBIAN_FRONTEND=noninteractive
  _apt() {
    if ! apt-get -q "$@" >>"$log" 2>&1; then
      _srv_say "apt-get $* failed; last lines of $log:"
      tail -n 20 "$log" >&2
      return 1
    fi
  }

  local t0
  t0=$(_srv_ms)
  _srv_say "installing packages (log: $log)"
  _apt update
  if ((need_pg)); then _apt install -y postgresql; fi
  if ((need_rabbit)); then _apt install -y rabbitmq-server; fi
  if ((${#tools[@]})); then _apt install -y --no-install-recommends "${tools[@]}"; fi
  _srv_say "packages installed in $(( ($(_srv_ms) - t0) / 1000 )) s"
)

# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------

# Runs a command as the postgres user. cd / first: runuser keeps the cwd, and
# postgres tools complain when they cannot read it (e.g. under /root).
_pg_as() { (cd / && runuser -u postgres -- "$@"); }

# Decides where the cluster of DIR really lives and prepares that folder.
# initdb/postgres refuse root, and the postgres user must be able to traverse
# every parent of the data folder: not true under /root, for instance. Also
# the unix socket lives in the data folder and socket paths are limited to
# ~107 bytes. When either fails we use /var/tmp/platform-<hash of DIR>, which
# is stable per DIR so pg_stop and later starts find the same cluster.
_pg_datadir() {
  local dir=$1 port=$2 data
  data=$(_srv_abs "$dir")
  if ! _pg_prepare_dir "$data" "$port"; then
    local hash
    hash=$(printf '%s' "$data" | sha256sum | cut -c1-12)
    local alt
    alt=/var/tmp/platform-$hash/$(basename -- "$data")
    _srv_say "postgres: $data is not usable by user postgres; using $alt"
    data=$alt
    _pg_prepare_dir "$data" "$port" || {
      _srv_say "postgres: cannot prepare $data either"
      return 1
    }
  fi
  printf '%s\n' "$data"
}

_pg_prepare_dir() {
  local data=$1 port=$2
  local sock="$data/.s.PGSQL.$port"
  ((${#sock} <= 100)) || return 1
  # mkdir -p as root with umask 022 gives traversable parents; a stricter
  # umask would not, which the runuser test below catches.
  mkdir -p -- "$data" 2>/dev/null || return 1
  if [[ $(stat -c %U -- "$data") != postgres ]]; then
    chown -R postgres:postgres -- "$data" || return 1
  fi
  # PostgreSQL refuses a data folder readable by others.
  chmod 700 -- "$data" || return 1
  _pg_as test -w "$data" -a -x "$data"
}

pg_start() {
  local dir=${1:?usage: pg_start DIR PORT [test]} port=${2:?usage: pg_start DIR PORT [test]} mode=${3:-}
  PG_STARTED=0

  # 0 = accepting, 1 = up but still starting/recovering: both mean the port
  # belongs to a running server we must not replace.
  local rc=0 i
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 || rc=$?
  if ((rc == 0 || rc == 1)); then
    for ((i = 0; rc != 0 && i < 60; i++)); do
      sleep 0.5
      rc=0
      "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 || rc=$?
    done
    _srv_say "postgres: 127.0.0.1:$port already answers; using it"
    return 0
  fi

  local t0 data state
  t0=$(_srv_ms)
  state=$(_srv_state_dir)
  data=$(_pg_datadir "$dir" "$port") || return 1

  if [[ ! -f $data/PG_VERSION ]]; then
    local initdb_args=(-D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8)
    # Test clusters are throwaway: skip the fsyncs (saves seconds on initdb).
    [[ $mode == test ]] && initdb_args+=(--no-sync)
    if ! _pg_as "$PG_BIN/initdb" "${initdb_args[@]}" >"$state/postgres-$port.initdb.log" 2>&1; then
      _srv_say "postgres: initdb failed; see $state/postgres-$port.initdb.log"
      tail -n 20 "$state/postgres-$port.initdb.log" >&2
      return 1
    fi
  fi

  # Settings go on the command line rather than into postgresql.conf so that
  # the same folder can be started in either mode and ports can change.
  # Loopback only; socket in the data folder (not /var/run/postgresql, which
  # belongs to the system cluster). 300 connections: parallel test runs with
  # pooled connections per test host exceed the default 100.
  local opts="-c listen_addresses=127.0.0.1 -p $port -k '$data' -c max_connections=300"
  if [[ $mode == test ]]; then
    # Durability is worthless for a test cluster; never use this for `up`.
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  if ! _pg_as "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "$opts" start >/dev/null 2>&1; then
    _srv_say "postgres: start on 127.0.0.1:$port failed; last lines of $data/server.log:"
    tail -n 20 "$data/server.log" >&2 2>/dev/null || true
    return 1
  fi

  local pid
  pid=$(head -n 1 "$data/postmaster.pid")
  printf '%s\n' "$pid" >"$state/postgres-$port.pid"
  printf '%s\n' "$data" >"$state/postgres-$port.datadir"
  PG_STARTED=1
  _srv_say "postgres: started on 127.0.0.1:$port (pid $pid, data $data) in $(( $(_srv_ms) - t0 )) ms"
}

pg_stop() {
  local dir=${1:?usage: pg_stop DIR PORT} port=${2:?usage: pg_stop DIR PORT}
  local state pidf pid data
  state=$(_srv_state_dir)
  pidf=$state/postgres-$port.pid
  if [[ ! -f $pidf ]]; then
    _srv_say "postgres: 127.0.0.1:$port was not started by platform; leaving it"
    return 0
  fi
  pid=$(<"$pidf")
  data=$(cat "$state/postgres-$port.datadir" 2>/dev/null || _srv_abs "$dir")

  # Only stop when the recorded pid is still the postmaster of that folder.
  if _srv_pid_is "$pid" postgres &&
    [[ $(head -n 1 "$data/postmaster.pid" 2>/dev/null) == "$pid" ]]; then
    local t0
    t0=$(_srv_ms)
    if ! _pg_as "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1; then
      _srv_say "postgres: pg_ctl stop failed for $data (pid $pid)"
      return 1
    fi
    _srv_say "postgres: stopped 127.0.0.1:$port in $(( $(_srv_ms) - t0 )) ms"
  else
    _srv_say "postgres: 127.0.0.1:$port (pid $pid) no longer running"
  fi
  rm -f -- "$pidf" "$state/postgres-$port.datadir"
}

# --------------------------------------------------------------------------
# RabbitMQ
# --------------------------------------------------------------------------
#
# Port plan (all below 32768, see deploy/README.md, Ports; "nn" = PORT mod 100):
#   AMQP        PORT              (caller: 5673 up, 5674 test)
#   dist        DIST_PORT         (caller: 25673 / 25674)
#   management  MGMT_PORT         (caller: 15673 / 15674)
#   epmd        4400 + nn         (4473 / 4474)
#   CLI dist    26000 + 10*nn .. +9   (26730-26739 / 26740-26749)
#
# Each node gets its own epmd, on its own port and started by us, instead of
# sharing the default 4369: epmd is a separate long-lived process that the
# node does not own, so with a shared one, stopping the `up` broker would
# either leave an epmd behind or pull it from under the test broker (which
# then cannot be reached by rabbitmqctl any more). It also keeps us clear of
# a system epmd (erlang-base ships an epmd.socket on 4369).
# RABBIT_EPMD_PORT / RABBIT_CTL_PORT_MIN override the derived values.

_rabbit_epmd_port() { printf '%s\n' "${RABBIT_EPMD_PORT:-$((4400 + $1 % 100))}"; }
_rabbit_ctl_min() { printf '%s\n' "${RABBIT_CTL_PORT_MIN:-$((26000 + 10 * ($1 % 100)))}"; }
_rabbit_node() { printf 'rabbit-%s@localhost\n' "$1"; }

_rabbit_epmd_bin() {
  if command -v epmd >/dev/null 2>&1; then
    command -v epmd
  else
    # erlang-base keeps it next to the emulator; not always on PATH.
    compgen -G '/usr/lib/erlang/erts-*/bin/epmd' | head -n 1
  fi
}

_rabbit_epmd_up() {
  local bin
  bin=$(_rabbit_epmd_bin)
  [[ -n $bin ]] && ERL_EPMD_PORT=$1 "$bin" -names >/dev/null 2>&1
}

# Environment shared by the server and every CLI call. The CLI must see the
# same HOME (the Erlang cookie is created there), node name, and epmd port,
# or it cannot reach the node.
_rabbit_env() {
  local dir=$1 port=$2 ctl_min
  ctl_min=$(_rabbit_ctl_min "$port")
  printf '%s\0' \
    "HOME=$dir/home" \
    "RABBITMQ_NODENAME=$(_rabbit_node "$port")" \
    "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1" \
    "RABBITMQ_NODE_PORT=$port" \
    "RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf" \
    "RABBITMQ_ADVANCED_CONFIG_FILE=$dir/advanced.config" \
    "RABBITMQ_CONF_ENV_FILE=$dir/rabbitmq-env.conf" \
    "RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins" \
    "RABBITMQ_MNESIA_BASE=$dir/mnesia" \
    "RABBITMQ_LOG_BASE=$dir/log" \
    "RABBITMQ_PID_FILE=$dir/rabbit.pid" \
    "ERL_EPMD_ADDRESS=127.0.0.1" \
    "ERL_EPMD_PORT=$(_rabbit_epmd_port "$port")" \
    "RABBITMQ_CTL_DIST_PORT_MIN=$ctl_min" \
    "RABBITMQ_CTL_DIST_PORT_MAX=$((ctl_min + 9))"
}

# Runs a rabbitmq CLI tool (rabbitmqctl, rabbitmq-diagnostics, ...) against
# the node of DIR/PORT.
_rabbit_cli() {
  local dir=$1 port=$2 tool=$3
  shift 3
  # The CLI spawns `epmd -daemon` when none answers on ERL_EPMD_PORT, and
  # that epmd would outlive everything. No epmd on the node's port means no
  # node, so fail the way rabbitmqctl does for an unreachable node (69).
  if ! _rabbit_epmd_up "$(_rabbit_epmd_port "$port")"; then
    _srv_say "rabbitmq: no node $(_rabbit_node "$port") (nothing on epmd port $(_rabbit_epmd_port "$port"))"
    return 69
  fi
  local -a envs
  mapfile -d '' -t envs < <(_rabbit_env "$dir" "$port")
  (cd "$dir" && env "${envs[@]}" "$RABBIT_BIN/$tool" -n "$(_rabbit_node "$port")" "$@")
}

rabbit_ctl() {
  local dir=${1:?usage: rabbit_ctl DIR PORT args...} port=${2:?usage: rabbit_ctl DIR PORT args...}
  shift 2
  _rabbit_cli "$(_srv_abs "$dir")" "$port" rabbitmqctl "$@"
}

# Does something speak AMQP on 127.0.0.1:PORT? Send the 0-9-1 protocol
# header and expect any reply (a broker answers with connection.start).
_rabbit_answers() {
  local port=$1 reply
  # shellcheck disable=SC2016  # $1 is expanded by the inner bash
  reply=$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "AMQP\x00\x00\x09\x01" >&3
    head -c 1 <&3 | od -An -tx1' _ "$port" 2>/dev/null) || return 1
  [[ -n ${reply// /} ]]
}

_rabbit_log_tail() {
  local dir=$1 port=$2 node_log console
  node_log=$dir/log/$(_rabbit_node "$port").log
  console=$dir/log/console.log
  _srv_say "rabbitmq: full logs in $node_log and $console"
  # Erlang error reports run to hundreds of lines of terms; the one-line
  # summaries on the console (BOOT FAILED, init terminating ..., eaddrinuse)
  # say more, so show those first, cut to a readable width.
  if [[ -f $console ]]; then
    grep -aE 'BOOT FAILED|init terminating|eaddrinuse|Error' "$console" |
      tail -n 8 | cut -c1-400 >&2 || true
  fi
  if [[ -f $node_log ]]; then
    tail -n 15 "$node_log" | cut -c1-300 >&2 || true
  fi
}

# Kills what we started, for a failed start or a failed shutdown.
_rabbit_kill() {
  local pid=$1
  if _srv_pid_is "$pid" beam || _srv_pid_is "$pid" rabbitmq; then
    kill -TERM "$pid" 2>/dev/null || true
    _srv_wait_gone "$pid" 20 || kill -KILL "$pid" 2>/dev/null || true
  fi
}

_rabbit_stop_epmd() {
  local state=$1 port=$2 f pid
  f=$state/rabbit-$port.epmd.pid
  [[ -f $f ]] || return 0
  pid=$(<"$f")
  if _srv_pid_is "$pid" epmd; then
    kill -TERM "$pid" 2>/dev/null || true
    _srv_wait_gone "$pid" 5 || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f -- "$f"
}

rabbit_start() {
  local usage='usage: rabbit_start DIR PORT DIST_PORT MGMT_PORT'
  local dir=${1:?$usage} port=${2:?$usage} dist=${3:?$usage} mgmt=${4:?$usage}
  RABBIT_STARTED=0

  if _rabbit_answers "$port"; then
    _srv_say "rabbitmq: 127.0.0.1:$port already answers AMQP; using it"
    return 0
  fi

  local t0 state epmd_port epmd_bin
  t0=$(_srv_ms)
  state=$(_srv_state_dir)
  dir=$(_srv_abs "$dir")
  epmd_port=$(_rabbit_epmd_port "$port")
  mkdir -p -- "$dir/home" "$dir/mnesia" "$dir/log"

  # Rewritten on every start so port changes take effect. default_* only
  # act when the node boots on an empty database, which saves the ~0.7 s
  # per rabbitmqctl call of creating user and permissions by hand.
  cat >"$dir/rabbitmq.conf" <<EOF
# generated by deploy/local/servers.sh on every start; edits are lost
loopback_users = none
default_vhost = /
default_user = platform
default_pass = platform
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
EOF
  # Shovel: ./platform replay-errors moves dead-lettered messages back to their queues with a dynamic shovel.
  printf '[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].\n' >"$dir/enabled_plugins"
  # Point these at our own (empty/missing) files so a system-wide
  # /etc/rabbitmq/rabbitmq-env.conf or advanced.config cannot leak in.
  : >"$dir/rabbitmq-env.conf"
  rm -f -- "$dir/advanced.config"

  # Our own epmd, run in the foreground (not -daemon, which is what erl
  # would spawn) so that we know its pid and can stop it.
  epmd_bin=$(_rabbit_epmd_bin)
  if [[ -z $epmd_bin ]]; then
    _srv_say "rabbitmq: epmd not found (is erlang-base installed?)"
    return 1
  fi
  if _rabbit_epmd_up "$epmd_port"; then
    # Someone (maybe an earlier run of ours, tracked by its pid file) already
    # runs it: use it and leave its pid file, if any, alone.
    :
  else
    _srv_spawn "$state/rabbit-$port.epmd.pid" "$dir/log/epmd.log" "$dir" \
      env ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$epmd_port" \
      "$epmd_bin" -address 127.0.0.1 -port "$epmd_port" || return 1
    local i
    for ((i = 0; i < 50; i++)); do
      _rabbit_epmd_up "$epmd_port" && break
      sleep 0.1
    done
    if ! _rabbit_epmd_up "$epmd_port"; then
      _srv_say "rabbitmq: epmd did not come up on 127.0.0.1:$epmd_port; see $dir/log/epmd.log"
      _rabbit_stop_epmd "$state" "$port"
      return 1
    fi
  fi

  local -a envs
  mapfile -d '' -t envs < <(_rabbit_env "$dir" "$port")
  envs+=(
    "RABBITMQ_DIST_PORT=$dist"
    # Keep Erlang distribution on loopback. The CLI ports are set in
    # _rabbit_env: their default (DIST_PORT+10000) lands in the ephemeral
    # range.
    "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
  )

  # The recorded pid is the rabbitmq-server wrapper script; it turns a
  # SIGTERM into a clean node stop, which is what _rabbit_kill relies on.
  printf '%s\n' "$dir" >"$state/rabbit-$port.dir"
  if ! _srv_spawn "$state/rabbit-$port.pid" "$dir/log/console.log" "$dir" \
    env "${envs[@]}" "$RABBIT_BIN/rabbitmq-server"; then
    rm -f -- "$state/rabbit-$port.dir"
    _rabbit_stop_epmd "$state" "$port"
    return 1
  fi
  local pid
  pid=$(<"$state/rabbit-$port.pid")

  # await_startup fails at once until the node has registered with epmd, so
  # poll it; also stop polling as soon as the server process has died.
  local deadline=$((SECONDS + ${RABBIT_START_TIMEOUT:-90})) left
  while :; do
    left=$((deadline - SECONDS))
    if ((left <= 0)); then
      _srv_say "rabbitmq: node on 127.0.0.1:$port not up after ${RABBIT_START_TIMEOUT:-90} s"
      break
    fi
    if _rabbit_cli "$dir" "$port" rabbitmqctl -q await_startup --timeout "$left" >/dev/null 2>&1; then
      RABBIT_STARTED=1
      _srv_say "rabbitmq: started on 127.0.0.1:$port (mgmt $mgmt, dist $dist, epmd $epmd_port, pid $pid) in $(( $(_srv_ms) - t0 )) ms"
      return 0
    fi
    if ! _srv_alive "$pid"; then
      _srv_say "rabbitmq: server on 127.0.0.1:$port exited during startup"
      break
    fi
    sleep 0.5
  done

  _rabbit_log_tail "$dir" "$port"
  _rabbit_kill "$pid"
  rm -f -- "$state/rabbit-$port.pid" "$state/rabbit-$port.dir"
  _rabbit_stop_epmd "$state" "$port"
  return 1
}

rabbit_stop() {
  local dir=${1:?usage: rabbit_stop DIR PORT} port=${2:?usage: rabbit_stop DIR PORT}
  local state pidf pid t0
  state=$(_srv_state_dir)
  pidf=$state/rabbit-$port.pid
  if [[ ! -f $pidf ]]; then
    # Leave any epmd pid file alone too: its epmd may serve that other node.
    _srv_say "rabbitmq: 127.0.0.1:$port was not started by platform; leaving it"
    return 0
  fi
  pid=$(<"$pidf")
  dir=$(cat "$state/rabbit-$port.dir" 2>/dev/null || _srv_abs "$dir")
  t0=$(_srv_ms)

  if { _srv_pid_is "$pid" beam || _srv_pid_is "$pid" rabbitmq; }; then
    # shutdown waits until the node's OS process has exited.
    if ! _rabbit_cli "$dir" "$port" rabbitmqctl -q shutdown >/dev/null 2>&1; then
      _srv_say "rabbitmq: rabbitmqctl shutdown failed; terminating pid $pid"
      _rabbit_kill "$pid"
    fi
    _srv_wait_gone "$pid" 30 || _rabbit_kill "$pid"
    _srv_say "rabbitmq: stopped 127.0.0.1:$port in $(( $(_srv_ms) - t0 )) ms"
  else
    _srv_say "rabbitmq: 127.0.0.1:$port (pid $pid) no longer running"
  fi
  rm -f -- "$pidf" "$state/rabbit-$port.dir"
  _rabbit_stop_epmd "$state" "$port"
}
