#!/usr/bin/env bash
# A throw-away MariaDB server for tests: its data directory lives in a temp folder, it listens on 127.0.0.1 only.
#
#   eval "$(scripts/mariadb-test-server.sh start)"   # installs mariadb-server if needed, prints export lines
#   scripts/mariadb-test-server.sh status            # says whether the server of $SMARTER_TEST_MARIADB_DIR answers
#   scripts/mariadb-test-server.sh stop              # shuts down the server of $SMARTER_TEST_MARIADB_DIR
#
# Everything except the export lines goes to stderr, so that `eval` only sees the exports.
set -euo pipefail

DATABASE=smarter_prompt_test
TEST_USER=smarter_test

log() { echo "mariadb-test-server: $*" >&2; }
die() { log "$*"; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_installed() {
    if command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
        return
    fi
    log "installing the Debian package mariadb-server"
    export DEBIAN_FRONTEND=noninteractive
    if ! as_root apt-get install -y -q mariadb-server >&2; then
        as_root apt-get update -q >&2
        as_root apt-get install -y -q mariadb-server >&2
    fi
    # The package starts a system-wide server; the tests use their own, so leave the system one alone.
}

mariadbd_bin() {
    command -v mariadbd 2>/dev/null || echo /usr/sbin/mariadbd
}

free_port() {
    # Port 0 lets the kernel pick a free port; a race with another process is possible but unlikely.
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' \
        2>/dev/null || echo $(( 20000 + RANDOM % 20000 ))
}

random_password() {
    head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20
}

sql_as_admin() {
    # The install gives the OS user that runs it a password-less account over the socket (unix_socket auth).
    mariadb --no-defaults --protocol=socket --socket="$1/sock" -u"$(id -un)" "${@:2}"
}

start() {
    ensure_installed
    local dir port password run_user
    dir=$(mktemp -d "${TMPDIR:-/tmp}/smarter-mariadb.XXXXXX")
    port=$(free_port)
    password=$(random_password)
    run_user=$(id -un)
    mkdir -p "$dir/data"
    log "initialising $dir/data"
    mariadb-install-db --no-defaults --user="$run_user" --datadir="$dir/data" \
        --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 \
        || { cat "$dir/install.log" >&2; die "mariadb-install-db failed"; }

    log "starting mariadbd on 127.0.0.1:$port"
    # setsid detaches the server from the caller's process group, so the caller's Ctrl-C does not kill it.
    setsid "$(mariadbd_bin)" --no-defaults --user="$run_user" --datadir="$dir/data" --socket="$dir/sock" \
        --pid-file="$dir/mariadbd.pid" --port="$port" --bind-address=127.0.0.1 --skip-networking=0 \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_bin --max-allowed-packet=64M \
        --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 --skip-log-bin \
        --log-error="$dir/error.log" </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/launcher.pid"

    local waited=0
    until sql_as_admin "$dir" -e 'SELECT 1' >/dev/null 2>&1; do
        sleep 0.5
        waited=$((waited + 1))
        if [ "$waited" -ge 120 ]; then
            cat "$dir/error.log" >&2 || true
            die "mariadbd did not answer within 60 s"
        fi
    done

    sql_as_admin "$dir" <<SQL
CREATE DATABASE IF NOT EXISTS $DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER '$TEST_USER'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER '$TEST_USER'@'localhost' IDENTIFIED BY '$password';
-- Test helpers create one database per test class, so the user may create and drop databases.
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO '$TEST_USER'@'localhost';
FLUSH PRIVILEGES;
SQL
    log "ready: database $DATABASE, user $TEST_USER, data in $dir"
    local url="jdbc:mysql://127.0.0.1:$port/$DATABASE?sslMode=DISABLED&allowPublicKeyRetrieval=true"
    printf "export SMARTER_TEST_MYSQL_URL='%s'\n" "$url"
    printf "export SMARTER_TEST_MYSQL_USER='%s'\n" "$TEST_USER"
    printf "export SMARTER_TEST_MYSQL_PASSWORD='%s'\n" "$password"
    printf "export SMARTER_TEST_MARIADB_DIR='%s'\n" "$dir"
}

status() {
    local dir=${SMARTER_TEST_MARIADB_DIR:-}
    [ -n "$dir" ] || die "SMARTER_TEST_MARIADB_DIR is not set"
    if sql_as_admin "$dir" -e 'SELECT VERSION()' -N 2>/dev/null; then
        log "running (data in $dir)"
    else
        die "not running (data in $dir)"
    fi
}

stop() {
    local dir=${SMARTER_TEST_MARIADB_DIR:-}
    [ -n "$dir" ] || die "SMARTER_TEST_MARIADB_DIR is not set (run: eval \"\$($0 start)\" first)"
    [ -d "$dir" ] || die "$dir does not exist"
    local pid=""
    [ -f "$dir/mariadbd.pid" ] && pid=$(cat "$dir/mariadbd.pid")
    if mariadb-admin --no-defaults --socket="$dir/sock" -u"$(id -un)" shutdown >/dev/null 2>&1; then
        log "shut down the server of $dir"
    elif [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
        log "sent TERM to mariadbd $pid"
    else
        log "no running server found for $dir"
    fi
    # Wait for the process to leave before removing its files.
    if [ -n "$pid" ]; then
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "mariadbd $pid still running after 30 s, killing it"
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    case "$dir" in
        */smarter-mariadb.*) rm -rf "$dir" ;;
        *) log "left $dir in place (not a folder this script created)" ;;
    esac
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
