#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (issue 13).
#
#   bash .ci/pg.sh test [ARGS]   start a server, run `cargo test ARGS` against it, stop it
#   bash .ci/pg.sh contract [ARGS]  start a server, run the contract test binaries
#                                (PG_CONTRACT_TESTS) on PostgreSQL
#                                (COMUNIQ_TEST_ENGINE=postgres), stop it
#   bash .ci/pg.sh start         start one and print the `export` lines of the variables
#                                below (use: eval "$(bash .ci/pg.sh start)")
#   bash .ci/pg.sh stop [DIR]    stop the one in DIR (default: $COMUNIQ_TEST_PG_DIR), remove DIR
#   source .ci/pg.sh             defines pg_start / pg_stop (what .ci/run uses)
#
# The server gets a new cluster in a temporary directory, runs with fsync off (it holds
# nothing but test data) and is deleted when it stops. It listens on a Unix socket in that
# directory, trusted (COMUNIQ_TEST_PG), and, for the TLS test only, on a random port of
# 127.0.0.1 that takes TLS connections with the superuser's random password and nothing
# else (COMUNIQ_TEST_PG_TLS, the password in the file COMUNIQ_TEST_PG_PASSFILE, mode 0600),
# with a certificate of a test authority (COMUNIQ_TEST_PG_ROOTCERT) for the name localhost.
# PostgreSQL is installed from Debian's packages when no initdb is found (root only:
# apt-get; the package brings openssl, which makes the test certificate). initdb refuses to
# run as root, so as root the cluster belongs to the `postgres` user the package creates.
#
# The tests read COMUNIQ_TEST_PG (a libpq key=value connection string); without it they
# say once that they were skipped, except under CI=true, where they fail.

# The test binaries whose every store test runs on both engines (tests/common/db.rs): CI
# runs them once on SQLite with the rest of the suite and once more on PostgreSQL.
PG_CONTRACT_TESTS="store concurrency search_contract customer_lists overview import export e2e answers flow cli_sim line keystrokes property busy cli_lang pg_store"

# Runs the contract test binaries on the running server, PostgreSQL as their engine.
pg_contract() {
    local args=()
    for t in $PG_CONTRACT_TESTS; do
        args+=(--test "$t")
    done
    COMUNIQ_TEST_ENGINE=postgres cargo test "${args[@]}" "$@"
}

# The newest installed server's bin directory, or nothing.
pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
        echo "$dir"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

# Installs PostgreSQL from the distribution's packages when it is missing.
pg_install() {
    if [ -n "$(pg_bindir)" ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "pg.sh: PostgreSQL is not installed and only root can install it (apt-get install postgresql)" >&2
        return 1
    fi
    echo "pg.sh: installing PostgreSQL (apt-get install postgresql)" >&2
    # The package would start its own cluster on port 5432; policy-rc.d stops that, so
    # nothing outlives the run. An existing policy-rc.d is left alone.
    local policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod +x "$policy"
    fi
    local status=0
    apt-get update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || status=$?
    [ -n "$policy" ] && rm -f "$policy"
    if [ "$status" -ne 0 ] || [ -z "$(pg_bindir)" ]; then
        echo "pg.sh: installing PostgreSQL failed" >&2
        return 1
    fi
}

# Runs a server command as the cluster's owner: `postgres` when we are root.
pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Creates and starts the cluster; sets and exports COMUNIQ_TEST_PG (the socket, trusted),
# COMUNIQ_TEST_PG_TLS (TCP on 127.0.0.1, TLS only, scram password), COMUNIQ_TEST_PG_PASSFILE
# (the password file for the latter, mode 0600) and COMUNIQ_TEST_PG_DIR.
pg_start() {
    pg_install || return 1
    local bin dir password port started=""
    bin=$(pg_bindir)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/comuniq-pg.XXXXXX") || return 1
    COMUNIQ_TEST_PG_DIR=$dir
    export COMUNIQ_TEST_PG_DIR
    mkdir -p "$dir/sock" "$dir/tls" "$dir/owner"
    # A test authority (root.crt, COMUNIQ_TEST_PG_ROOTCERT) and the server's certificate it
    # signed for the name localhost only: sslmode prefer/require encrypt without checking
    # it; verify-ca checks the authority; verify-full also the name, so it takes
    # host=localhost and refuses host=127.0.0.1.
    if ! {
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
            -subj /CN=comuniq-test-ca -keyout "$dir/tls/root.key" -out "$dir/tls/root.crt" &&
            openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                -subj /CN=localhost -keyout "$dir/tls/server.key" -out "$dir/tls/server.csr" &&
            printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' \
                >"$dir/tls/server.ext" &&
            openssl x509 -req -in "$dir/tls/server.csr" -CA "$dir/tls/root.crt" -CAkey "$dir/tls/root.key" \
                -CAcreateserial -days 2 -extfile "$dir/tls/server.ext" -out "$dir/tls/server.crt"
    } >"$dir/openssl.log" 2>&1; then
        echo "pg.sh: openssl could not make the test certificates:" >&2
        cat "$dir/openssl.log" >&2
        return 1
    fi
    chmod 600 "$dir/tls/server.key" "$dir/tls/root.key"
    # The superuser's password, needed over TCP only: random, never printed.
    password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
    (umask 077 && printf '%s\n' "$password" >"$dir/owner/pwfile")
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres: "$dir/sock" "$dir/tls" "$dir/owner"
        chown postgres: "$dir"
    fi
    # The server collates text as a German production server would (ICU de-DE, no OS
    # locale needed), so that a query that leaves the order of names to the server's
    # collation shows up in the contract tests as an order SQLite does not give.
    if ! pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/owner/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --locale-provider=icu --icu-locale=de-DE --no-sync \
        >"$dir/initdb.log" 2>&1; then
        echo "pg.sh: initdb failed:" >&2
        cat "$dir/initdb.log" >&2
        return 1
    fi
    rm -f "$dir/owner/pwfile"
    # The socket is trusted (its directory is ours alone); TCP takes TLS and a password only.
    printf 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n' |
        pg_as_owner tee "$dir/data/pg_hba.conf" >/dev/null
    # A random port on 127.0.0.1 (a few tries, in case one is taken); max_connections
    # leaves room for the 64-writer storm plus the test threads.
    for _ in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 30000))
        if pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c ssl=on \
                -c ssl_cert_file=$dir/tls/server.crt -c ssl_key_file=$dir/tls/server.key \
                -c fsync=off -c synchronous_commit=off -c max_connections=200" \
            start >"$dir/pg_ctl.log" 2>&1; then
            started=yes
            break
        fi
    done
    if [ -z "$started" ]; then
        echo "pg.sh: the PostgreSQL server did not start:" >&2
        cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null
        return 1
    fi
    (umask 077 && printf '127.0.0.1:%s:*:postgres:%s\nlocalhost:%s:*:postgres:%s\n' \
        "$port" "$password" "$port" "$password" >"$dir/pgpass")
    COMUNIQ_TEST_PG="host=$dir/sock port=$port user=postgres dbname=postgres"
    COMUNIQ_TEST_PG_TLS="host=127.0.0.1 port=$port user=postgres dbname=postgres"
    COMUNIQ_TEST_PG_PASSFILE=$dir/pgpass
    COMUNIQ_TEST_PG_ROOTCERT=$dir/tls/root.crt
    export COMUNIQ_TEST_PG COMUNIQ_TEST_PG_TLS COMUNIQ_TEST_PG_PASSFILE COMUNIQ_TEST_PG_ROOTCERT
    echo "pg.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $dir/sock and 127.0.0.1:$port (TLS)" >&2
}

# Stops the server in DIR (default: $COMUNIQ_TEST_PG_DIR) and removes DIR.
pg_stop() {
    local dir=${1:-${COMUNIQ_TEST_PG_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    local bin
    bin=$(pg_bindir)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
        pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    unset COMUNIQ_TEST_PG COMUNIQ_TEST_PG_TLS COMUNIQ_TEST_PG_PASSFILE COMUNIQ_TEST_PG_ROOTCERT COMUNIQ_TEST_PG_DIR
}

# Run as a script (not sourced): the subcommands above.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    cd "$(dirname "$0")/.."
    case "${1:-}" in
        test)
            shift
            trap pg_stop EXIT
            pg_start
            cargo test "$@"
            ;;
        contract)
            shift
            trap pg_stop EXIT
            pg_start
            pg_contract "$@"
            ;;
        start)
            pg_start || { pg_stop; exit 1; }
            for var in COMUNIQ_TEST_PG COMUNIQ_TEST_PG_TLS COMUNIQ_TEST_PG_PASSFILE COMUNIQ_TEST_PG_ROOTCERT \
                COMUNIQ_TEST_PG_DIR; do
                printf 'export %s=%q\n' "$var" "${!var}"
            done
            ;;
        stop)
            pg_stop "${2:-}"
            ;;
        *)
            echo "usage: bash .ci/pg.sh test [cargo test args] | contract [cargo test args] | start | stop [DIR]" >&2
            exit 2
            ;;
    esac
fi
