#!/usr/bin/env bash
# A throw-away three-node MariaDB Galera cluster on loopback, for the tests of several server instances over a
# multi-primary database. Each node has its own temp data directory, SQL port and Galera ports (group
# communication, incremental state transfer, rsync state transfer); the first node bootstraps the cluster
# (--wsrep-new-cluster), the other two join it by state transfer. The nodes run as the OS user `mysql` with their
# directories owned by it: rsync state transfer fails under root (its daemon drops to `nobody`).
#
#   eval "$(scripts/galera-test-cluster.sh start)"   # prints export lines: SMARTER_TEST_GALERA_*
#   scripts/galera-test-cluster.sh kill-node 2       # SIGKILL node 2 (a crash: no goodbye to the cluster)
#   scripts/galera-test-cluster.sh start-node 2      # starts node 2 again; it rejoins by state transfer
#   scripts/galera-test-cluster.sh status            # wsrep_cluster_size and state of each node
#   scripts/galera-test-cluster.sh stop              # stops all nodes and removes the directory
#
# The cluster's directory is $SMARTER_TEST_GALERA_DIR (printed by start). Everything except the export lines goes
# to stderr, so that `eval` only sees the exports. Needs the Debian packages mariadb-server, galera-4 and rsync.
set -euo pipefail

DATABASE=smarter_prompt_test
TEST_USER=smarter_test
NODES=3
PROVIDER=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}

log() { echo "galera-test-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_installed() {
    local missing=()
    command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
    [ -e "$PROVIDER" ] || missing+=(galera-4)
    command -v rsync >/dev/null 2>&1 || missing+=(rsync)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || {
            as_root apt-get update -q >&2
            as_root apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
        }
    fi
    id mysql >/dev/null 2>&1 || die "the OS user mysql does not exist (the mariadb-server package creates it)"
}

mariadbd_bin() {
    command -v mariadbd 2>/dev/null || echo /usr/sbin/mariadbd
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

random_password() {
    head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20
}

# The node's settings, read back from the file start wrote: PORT, GCOMM_PORT, IST_PORT, SST_PORT.
node_var() {
    # shellcheck disable=SC1090
    (source "$1/node$2/ports"; eval "echo \$$3")
}

sql_as_admin() {
    local dir=$1 node=$2
    shift 2
    # Root over the node's socket (unix_socket authentication); the script runs as root or through sudo.
    as_root mariadb --no-defaults --protocol=socket --socket="$dir/node$node/sock" -uroot "$@"
}

start_node() {
    local dir=$1 node=$2 bootstrap=${3:-}
    local port gcomm ist sst address
    port=$(node_var "$dir" "$node" PORT)
    gcomm=$(node_var "$dir" "$node" GCOMM_PORT)
    ist=$(node_var "$dir" "$node" IST_PORT)
    sst=$(node_var "$dir" "$node" SST_PORT)
    address=$(cat "$dir/cluster-address")
    local args=(--no-defaults --user=mysql --datadir="$dir/node$node/data" --socket="$dir/node$node/sock"
        --pid-file="$dir/node$node/mariadbd.pid" --port="$port" --bind-address=127.0.0.1 --skip-networking=0
        --log-error="$dir/node$node/error.log"
        --character-set-server=utf8mb4 --collation-server=utf8mb4_bin --max-allowed-packet=64M
        --innodb-buffer-pool-size=64M --innodb-log-file-size=48M --innodb-flush-log-at-trx-commit=2
        --performance-schema=OFF
        --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2
        --wsrep-on=ON --wsrep-provider="$PROVIDER" --wsrep-cluster-name=smarter_test
        --wsrep-cluster-address="$address" --wsrep-node-name="node$node" --wsrep-node-address="127.0.0.1:$gcomm"
        --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gcomm;ist.recv_addr=127.0.0.1:$ist;gcache.size=32M"
        --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$sst")
    [ "$bootstrap" = bootstrap ] && args+=(--wsrep-new-cluster)
    log "starting node $node (SQL 127.0.0.1:$port, gcomm $gcomm, IST $ist, SST $sst)${bootstrap:+, bootstrapping}"
    # setsid: the caller's Ctrl-C does not reach the node.
    setsid "$(mariadbd_bin)" "${args[@]}" </dev/null >>"$dir/node$node/stdout.log" 2>&1 &
    echo $! >"$dir/node$node/launcher.pid"
}

await_synced() {
    local dir=$1 node=$2 waited=0
    until [ "$(sql_as_admin "$dir" "$node" -N -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null \
            | awk '{print $2}')" = "Synced" ]; do
        sleep 0.5
        waited=$((waited + 1))
        if [ "$waited" -ge 240 ]; then
            tail -n 40 "$dir/node$node/error.log" >&2 || true
            die "node $node was not Synced within 120 s"
        fi
    done
}

start() {
    ensure_installed
    local dir password
    dir=$(mktemp -d "${TMPDIR:-/tmp}/smarter-galera.XXXXXX")
    chmod 755 "$dir"
    password=$(random_password)
    local addresses=()
    for node in $(seq 1 $NODES); do
        mkdir -p "$dir/node$node/data"
        local gcomm
        gcomm=$(free_port)
        {
            echo "PORT=$(free_port)"
            echo "GCOMM_PORT=$gcomm"
            echo "IST_PORT=$(free_port)"
            echo "SST_PORT=$(free_port)"
        } >"$dir/node$node/ports"
        addresses+=("127.0.0.1:$gcomm")
    done
    (IFS=,; echo "gcomm://${addresses[*]}") >"$dir/cluster-address"
    as_root chown -R mysql:mysql "$dir"

    # Only the first node is initialised; the others receive its data by state transfer when they join.
    log "initialising node 1 in $dir"
    as_root mariadb-install-db --no-defaults --user=mysql --datadir="$dir/node1/data" \
        --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 \
        || { cat "$dir/install.log" >&2; die "mariadb-install-db failed"; }
    start_node "$dir" 1 bootstrap
    await_synced "$dir" 1
    sql_as_admin "$dir" 1 <<SQL
CREATE DATABASE IF NOT EXISTS $DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER '$TEST_USER'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'localhost';
FLUSH PRIVILEGES;
SQL
    for node in $(seq 2 $NODES); do
        start_node "$dir" "$node"
        await_synced "$dir" "$node"
    done
    log "ready: $NODES nodes synced, database $DATABASE, user $TEST_USER, data in $dir"
    local urls=()
    for node in $(seq 1 $NODES); do
        urls+=("jdbc:mysql://127.0.0.1:$(node_var "$dir" "$node" PORT)/$DATABASE?sslMode=DISABLED&allowPublicKeyRetrieval=true")
    done
    printf "export SMARTER_TEST_GALERA_URLS='%s'\n" "$(IFS=' '; echo "${urls[*]}")"
    printf "export SMARTER_TEST_GALERA_USER='%s'\n" "$TEST_USER"
    printf "export SMARTER_TEST_GALERA_PASSWORD='%s'\n" "$password"
    printf "export SMARTER_TEST_GALERA_DIR='%s'\n" "$dir"
}

cluster_dir() {
    local dir=${SMARTER_TEST_GALERA_DIR:-}
    [ -n "$dir" ] || die "SMARTER_TEST_GALERA_DIR is not set (run: eval \"\$($0 start)\" first)"
    [ -d "$dir" ] || die "$dir does not exist"
    echo "$dir"
}

node_pid() {
    local pidfile="$1/node$2/mariadbd.pid"
    [ -f "$pidfile" ] && as_root cat "$pidfile" 2>/dev/null || true
}

kill_node() {
    local dir node=$1 pid
    dir=$(cluster_dir)
    pid=$(node_pid "$dir" "$node")
    [ -n "$pid" ] || die "node $node has no pid file"
    as_root kill -9 "$pid"
    for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    as_root rm -f "$dir/node$node/mariadbd.pid"
    log "killed node $node (pid $pid)"
}

start_node_again() {
    local dir node=$1
    dir=$(cluster_dir)
    start_node "$dir" "$node"
    await_synced "$dir" "$node"
    log "node $node rejoined and is synced"
}

status() {
    local dir
    dir=$(cluster_dir)
    for node in $(seq 1 $NODES); do
        local state
        state=$(sql_as_admin "$dir" "$node" -N -e "SHOW STATUS WHERE Variable_name IN \
            ('wsrep_cluster_size','wsrep_local_state_comment')" 2>/dev/null | tr '\t\n' '= ' || true)
        echo "node $node: ${state:-not running}"
    done
}

stop() {
    local dir
    dir=$(cluster_dir)
    for node in $(seq $NODES -1 1); do
        local pid
        pid=$(node_pid "$dir" "$node")
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            as_root kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 120); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.25
            done
            kill -0 "$pid" 2>/dev/null && as_root kill -9 "$pid" 2>/dev/null || true
            log "stopped node $node"
        fi
    done
    case "$dir" in
        */smarter-galera.*) as_root rm -rf "$dir" ;;
        *) log "left $dir in place (not a folder this script created)" ;;
    esac
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    kill-node) kill_node "${2:?node number}" ;;
    start-node) start_node_again "${2:?node number}" ;;
    *) echo "usage: $0 start|stop|status|kill-node N|start-node N" >&2; exit 2 ;;
esac
