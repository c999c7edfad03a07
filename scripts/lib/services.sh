# PostgreSQL and Redis for running BandUp locally, their data under the checkout's .data/ (git-ignored).
# shellcheck shell=bash
# Sourced by scripts/run and scripts/stop. By hand: source scripts/lib/services.sh; services_start; services_env
# They listen on 127.0.0.1 only, on BANDUP_PG_PORT (5433) and BANDUP_REDIS_PORT (6380), so they run
# beside any system PostgreSQL or Redis. scripts/lib/packages.sh installs the programs.
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user (runuser);
# as anyone else it belongs to that user and no sudo is needed (sudo only for a cluster root made).
# The postgres user may not be able to reach the checkout (one under /root, say): then the cluster
# lives in /var/lib/bandup/<hash of the checkout path>/postgres and .data/postgres links to it.

BANDUP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
BANDUP_DATA=$BANDUP_ROOT/.data

services_start() {
    local pg_port=${BANDUP_PG_PORT:-5433} redis_port=${BANDUP_REDIS_PORT:-6380} bin dir pw
    local redis_dir=$BANDUP_DATA/redis
    bin=$(_pg_bin) || return 1
    mkdir -p "$redis_dir"

    # Redis: append-only file in .data/redis/.
    if ! _redis_pid >/dev/null; then
        if redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
            echo "error: another Redis already listens on port $redis_port; set BANDUP_REDIS_PORT" >&2; return 1
        fi
        redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --dir "$redis_dir" \
            --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --appendonly yes --save ''
    fi

    # PostgreSQL: the cluster once, then pg_ctl start unless it runs.
    _pg_init "$bin" || return 1
    dir=$(_pg_dir)
    if ! _pg_as "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        if pg_isready -q -h 127.0.0.1 -p "$pg_port"; then
            echo "error: another PostgreSQL already listens on port $pg_port; set BANDUP_PG_PORT" >&2; return 1
        fi
        _pg_as "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -o "-p $pg_port" -w -t 30 start >/dev/null ||
            { echo "error: PostgreSQL did not start; see $BANDUP_DATA/postgres/server.log" >&2; return 1; }
    fi

    _services_wait 10 pg_isready -q -h 127.0.0.1 -p "$pg_port" ||
        { echo "error: PostgreSQL does not answer on port $pg_port; see $BANDUP_DATA/postgres/server.log" >&2; return 1; }
    _services_wait 10 _redis_ready "$redis_port" ||
        { echo "error: Redis does not answer on port $redis_port; see $redis_dir/redis.log" >&2; return 1; }

    # The bandup role (its password made once) and its two databases.
    pw=$(_services_password) || return 1
    _pg_as "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$(_pg_socket_dir "$dir")" -p "$pg_port" -d postgres >/dev/null <<SQL ||
SELECT 'CREATE ROLE bandup' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bandup')\gexec
ALTER ROLE bandup WITH LOGIN PASSWORD '$pw';
SELECT format('CREATE DATABASE %I OWNER bandup', name) FROM unnest(ARRAY['bandup', 'bandup_test']) AS name
    WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = name)\gexec
SQL
        { echo "error: could not create the bandup role and databases" >&2; return 1; }
    echo "PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port (data in $BANDUP_DATA)"
}

# Exports DATABASE_URL and REDIS_URL and prints them (NAME=value lines).
services_env() {
    local pw
    pw=$(cat "$BANDUP_DATA/postgres-password" 2>/dev/null) || { echo "error: run services_start first" >&2; return 1; }
    export DATABASE_URL="postgres://bandup:$pw@127.0.0.1:${BANDUP_PG_PORT:-5433}/bandup?sslmode=disable"
    export REDIS_URL="redis://127.0.0.1:${BANDUP_REDIS_PORT:-6380}"
    printf 'DATABASE_URL=%s\nREDIS_URL=%s\n' "$DATABASE_URL" "$REDIS_URL"
}

services_stop() {
    local bin dir pid
    if [ -e "$BANDUP_DATA/postgres" ] && bin=$(_pg_bin 2>/dev/null) && dir=$(_pg_dir) &&
        _pg_as "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        echo "stopping PostgreSQL"
        _pg_as "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    fi
    if pid=$(_redis_pid); then
        echo "stopping Redis"
        kill "$pid"
        _services_wait 10 _gone "$pid" || { echo "error: Redis (pid $pid) did not stop" >&2; return 1; }
    fi
}

# Stops the `bandup serve` that scripts/run started (its pid in .data/bandup.pid), if it runs.
bandup_stop_server() {
    local pidfile=$BANDUP_DATA/bandup.pid pid
    pid=$(cat "$pidfile" 2>/dev/null) || return 0
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = bandup ]; then
        echo "stopping BandUp (pid $pid)"
        kill -TERM "$pid"
        # It lets requests finish for up to SHUTDOWN_GRACE_SECONDS (25) first.
        _services_wait $((${SHUTDOWN_GRACE_SECONDS:-25} + 5)) _gone "$pid" ||
            { echo "BandUp did not stop in time; killing it" >&2; kill -KILL "$pid" 2>/dev/null || true; }
    fi
    rm -f "$pidfile"
}

# --- helpers

# Creates the cluster (peer auth on the socket, scram-sha-256 over TCP) unless it exists.
_pg_init() {
    local bin=$1 link=$BANDUP_DATA/postgres dir
    if [ -L "$link" ] && [ ! -e "$link" ]; then rm "$link"; fi  # a link to a cluster that was removed
    if [ ! -e "$link" ]; then
        if [ "$(id -u)" -ne 0 ]; then
            install -d -m 700 "$link"
        elif runuser -u postgres -- test -x "$BANDUP_DATA"; then
            install -d -m 700 -o postgres -g postgres "$link"
        else
            dir=/var/lib/bandup/$(printf %s "$BANDUP_ROOT" | sha256sum | cut -c1-16)/postgres
            mkdir -p "$(dirname "$dir")"
            install -d -m 700 -o postgres -g postgres "$dir"
            ln -s "$dir" "$link"
        fi
    fi
    dir=$(_pg_dir)
    _pg_as test -e "$dir/PG_VERSION" && return 0
    echo "creating the PostgreSQL cluster in $dir"
    _pg_as "$bin/initdb" -D "$dir" -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 \
        >"$BANDUP_DATA/postgres-initdb.log" 2>&1 ||
        { echo "error: initdb failed; see $BANDUP_DATA/postgres-initdb.log" >&2; return 1; }
    printf "listen_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" "$(_pg_socket_dir "$dir")" |
        _pg_as tee -a "$dir/postgresql.conf" >/dev/null
}

# The newest installed PostgreSQL's programs (initdb, pg_ctl, psql).
_pg_bin() {
    local dir
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    [ -x "$dir/pg_ctl" ] || { echo "error: no PostgreSQL server found (apt-get install postgresql)" >&2; return 1; }
    echo "$dir"
}

# The cluster's real path: the postgres user may not be able to follow .data/postgres.
_pg_dir() { readlink -f "$BANDUP_DATA/postgres"; }

# The socket goes in the (private) cluster directory unless its path is too long for a socket.
_pg_socket_dir() { if [ ${#1} -le 90 ]; then echo "$1"; else echo /tmp; fi; }

# Runs a command as the cluster's owner, from / (the owner may not be able to read the current directory).
_pg_as() {
    local owner
    owner=$(stat -c %U "$BANDUP_DATA/postgres/")
    if [ "$owner" = "$(id -un)" ]; then (cd / && "$@")
    elif [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u "$owner" -- "$@")
    else
        [ -n "${_BANDUP_SUDO_SAID:-}" ] || echo "sudo: the PostgreSQL cluster in .data/postgres belongs to $owner" >&2
        _BANDUP_SUDO_SAID=1
        (cd / && sudo runuser -u "$owner" -- "$@")
    fi
}

# The bandup role's password: made once, kept in .data/postgres-password (mode 600, never in git).
_services_password() {
    local file=$BANDUP_DATA/postgres-password
    if [ ! -s "$file" ]; then
        (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$file")
    fi
    chmod 600 "$file" && cat "$file"
}

_redis_pid() {
    local pid
    pid=$(cat "$BANDUP_DATA/redis/redis.pid" 2>/dev/null) && _alive "$pid" && echo "$pid"
}

_redis_ready() { _redis_pid >/dev/null && [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }

# A process that exited but was not reaped yet (a zombie) counts as gone.
_alive() { kill -0 "$1" 2>/dev/null && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]; }
_gone() { ! _alive "$1"; }

# _services_wait SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds; fails after SECONDS.
_services_wait() {
    local tries=$(($1 * 10))
    shift
    until "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.1
    done
}
