# Shared by the bench/* launchers (source it from the repository root). Builds the benchmark classes and the
# runnable jar when a source is newer than the last build, runs the benchmark from a private copy of them, and
# starts a throw-away MariaDB when the SMARTER_TEST_MYSQL_* variables name none.
#
#   REBUILD=1   build even when nothing changed
#   REBUILD=0   never build (use what is in target/)

BENCH_CLASSPATH_FILE=prompt-tests/target/bench-classpath.txt
BENCH_RUN_DIR=""
bench_started_mariadb=""

bench_cleanup() {
    if [ -n "$bench_started_mariadb" ]; then
        scripts/mariadb-test-server.sh stop || true
    fi
    if [ -n "$BENCH_RUN_DIR" ]; then
        rm -rf "$BENCH_RUN_DIR"
    fi
}
trap bench_cleanup EXIT

# Builds prompt-tests and every module it depends on (prompt-cli's runnable jar included) with `mvn package` in one
# reactor, so the class path points at the modules' target/ jars rather than at copies installed in ~/.m2. Tests are
# neither compiled nor run, and the chat page's npm build is skipped: benchmarks need neither.
bench_build() {
    if [ "${REBUILD:-}" = 0 ]; then
        return
    fi
    if [ "${REBUILD:-}" != 1 ] && [ -s "$BENCH_CLASSPATH_FILE" ] && [ -f prompt-cli/target/prompt.jar ] \
        && [ -z "$(find pom.xml prompt-*/pom.xml prompt-*/src/main examples -newer "$BENCH_CLASSPATH_FILE" \
            -type f -print -quit)" ]; then
        return
    fi
    echo "bench: building (mvn -q package -Dmaven.test.skip=true -Dskip.web=true) ..." >&2
    mvn -q -pl prompt-tests -am -Dmaven.test.skip=true -Dskip.web=true package \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
        -DincludeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt >&2
}

# Copies the benchmark's classes, the project's module jars and the runnable jar to a temp folder (BENCH_RUN_DIR,
# removed on exit) and sets BENCH_RUN_CLASSPATH to the class path into it. The JVM loads classes lazily and the
# servers start from the jar minutes into a run: a build that another engineer starts meanwhile must not pull them
# away. BENCH_RUN_DIR/prompt.jar is the servers' jar.
bench_prepare_run() {
    BENCH_RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/smarter-bench.XXXXXX")
    cp -r prompt-tests/target/classes "$BENCH_RUN_DIR/classes"
    cp prompt-cli/target/prompt.jar "$BENCH_RUN_DIR/prompt.jar"
    local classpath="$BENCH_RUN_DIR/classes" entry
    # The file has no final newline, which makes read report end of file although it read the line.
    IFS=: read -r -a entries <"$BENCH_CLASSPATH_FILE" || true
    for entry in "${entries[@]}"; do
        if [[ "$entry" == "$PWD"/* ]]; then
            cp "$entry" "$BENCH_RUN_DIR/"
            entry="$BENCH_RUN_DIR/$(basename "$entry")"
        fi
        classpath="$classpath:$entry"
    done
    BENCH_RUN_CLASSPATH=$classpath
}

# Starts a throw-away MariaDB (scripts/mariadb-test-server.sh) unless SMARTER_TEST_MYSQL_URL names a server; it is
# stopped when the launcher exits.
bench_ensure_mariadb() {
    if [ -n "${SMARTER_TEST_MYSQL_URL:-}" ]; then
        return
    fi
    echo "bench: starting a throw-away MariaDB (scripts/mariadb-test-server.sh)" >&2
    eval "$(scripts/mariadb-test-server.sh start)"
    bench_started_mariadb=yes
}
