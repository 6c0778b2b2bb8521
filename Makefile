# `sam build` (template.yaml: Metadata BuildMethod: makefile, CodeUri: .) runs
#     make --makefile <this file> build-<LogicalId>
# once per function, with ARTIFACTS_DIR=.aws-sam/build/<LogicalId>, in a scratch copy of the project
# (or in the project itself with --build-in-source, which samconfig.toml turns on). SAM zips
# ARTIFACTS_DIR as the function's package; the Java runtime's class path is the package's root and
# every lib/*.jar, so each target puts its function's shaded jar in $(ARTIFACTS_DIR)/lib/.
#
# Maven runs once for all four targets: the jars are rebuilt only when a source, pom or the
# Makefile is newer than the stamp (a lock keeps `sam build --parallel` from running it twice at once).
# Java 17 and Maven are needed; MAVEN_ARGS adds options (e.g. MAVEN_ARGS=-o offline).

ROOT  := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
MVN   ?= mvn
MAVEN_ARGS ?=
STAMP := $(ROOT)/target/lambda-jars.stamp
LOCK  := $(ROOT)/target/lambda-jars.lock
MODULES := functions/sync,functions/sweep,functions/close-order
FIND_SOURCES = find "$(ROOT)/pom.xml" "$(ROOT)/Makefile" "$(ROOT)/shared" "$(ROOT)/functions" -name target -prune \
    -o -type f \( -path '*/src/main/*' -o -name pom.xml -o -name Makefile \) $(1) -print
SOURCES := $(shell $(call FIND_SOURCES,))

# The jar each function deploys (TemplateTest reads these lines).
build-SyncFunction: JAR := functions/sync/target/sync-lambda.jar
build-ExecutionFunction: JAR := functions/sync/target/sync-lambda.jar
build-SweepFunction: JAR := functions/sweep/target/sweep-lambda.jar
build-CloseOrderFunction: JAR := functions/close-order/target/close-order-lambda.jar

FUNCTIONS := build-SyncFunction build-ExecutionFunction build-SweepFunction build-CloseOrderFunction
.PHONY: $(FUNCTIONS) jars clean-jars

$(FUNCTIONS): $(STAMP)
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	rm -rf "$(ARTIFACTS_DIR)/lib"
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(ROOT)/$(JAR)" "$(ARTIFACTS_DIR)/lib/"

jars: $(STAMP)

# Packages the function modules and what they depend on (tests are run by `mvn -B verify`, not here).
$(STAMP): $(SOURCES)
	@mkdir -p "$(ROOT)/target"
	@n=0; while ! mkdir "$(LOCK)" 2>/dev/null; do \
	    n=$$((n + 1)); if [ $$n -gt 900 ]; then echo "$(LOCK) held for 15 minutes: remove it if no build is running" >&2; exit 1; fi; \
	    sleep 1; \
	done; \
	trap 'rmdir "$(LOCK)"' EXIT INT TERM; \
	if [ -f "$@" ] && [ -z "$$($(call FIND_SOURCES,-newer "$@") | head -n 1)" ]; then \
	    echo "lambda jars are up to date (built by another target)"; exit 0; \
	fi; \
	cd "$(ROOT)" && $(MVN) -B -q -Dmaven.test.skip=true $(MAVEN_ARGS) package -pl $(MODULES) -am && touch "$@"

clean-jars:
	rm -f "$(STAMP)"
