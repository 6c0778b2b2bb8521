#!/usr/bin/env bash
# ./pm — the position manager on one machine (see ./pm --help).
# Builds local/target/pm.jar first when it is missing or older than any source, pom or migration,
# then runs it. Needs Java 17 and Maven; PM_MAVEN_ARGS adds Maven options (e.g. -o for offline).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/local/target/pm.jar"

stale() {
    [[ ! -f "$JAR" ]] && return 0
    local newer
    newer="$(find "$ROOT/pom.xml" "$ROOT/migrations" "$ROOT/shared" "$ROOT/embedded" "$ROOT/functions" "$ROOT/local" \
        \( -name target -o -name '.*' \) -prune -o \
        -type f \( -path '*/src/main/*' -o -name pom.xml -o -path "$ROOT/migrations/*" \) -newer "$JAR" -print -quit 2>/dev/null)"
    [[ -n "$newer" ]]
}

# Two ./pm commands started together must not build into the same target/ at once: take a lock,
# then look again (the other one may have built it meanwhile).
if stale && command -v flock >/dev/null 2>&1; then
    mkdir -p "$ROOT/local/target"
    exec 9>"$ROOT/local/target/.pm-build.lock"
    flock 9
fi

if stale; then
    command -v mvn >/dev/null 2>&1 || { echo "pm: Maven (mvn) is needed to build the jars" >&2; exit 2; }
    echo "pm: building the jars (mvn -B -q -Dmaven.test.skip=true package) ..." >&2
    start=$SECONDS
    # shellcheck disable=SC2086
    # (Maven prints colour resets even in batch mode: filtered out)
    if ! (cd "$ROOT" && mvn -B -q -Dstyle.color=never -Dmaven.test.skip=true ${PM_MAVEN_ARGS:-} package 2>&1 \
            | sed -e 's/\x1b\[[0-9;]*m//g' | { grep -v '^[[:space:]]*$' >&2 || true; }); then
        echo "pm: the build failed" >&2
        exit 1
    fi
    [[ -f "$JAR" ]] || { echo "pm: the build did not produce $JAR" >&2; exit 1; }
    touch "$JAR"
    echo "pm: built in $((SECONDS - start)) s" >&2
fi

command -v java >/dev/null 2>&1 || { echo "pm: Java 17 (java) is needed" >&2; exit 2; }
exec java ${PM_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} -jar "$JAR" "$@"
