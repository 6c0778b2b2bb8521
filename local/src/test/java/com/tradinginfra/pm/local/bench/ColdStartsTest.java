package com.tradinginfra.pm.local.bench;

import com.google.gson.JsonParser;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.local.OneMachineStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every function's shaded jar answers its first event under the real runtime client, which enters it as a
 * {@code RequestStreamHandler} (our own event JSON, not the runtime's Jackson mapping), and the comparison with the
 * empty SQS handler yields the ratio the bench line reports. Behaviour only: no time is asserted.
 */
class ColdStartsTest {
    private static OneMachineStack stack;
    /** Each test's runs start an hour after the last test's: the stack's clock only moves forward. */
    private static java.time.Instant nextHour = Benchmark.OPEN;

    private static java.time.Instant anHourLater() {
        nextHour = nextHour.plusSeconds(3600);
        return nextHour;
    }

    @BeforeAll
    static void start() {
        stack = OneMachineStack.start(OneMachineStack.Options.simulated(ManagerSettings.defaults(Benchmark.ACCOUNT), Benchmark.OPEN));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void everyFunctionAnswersItsFirstEventThroughTheStreamEntry(@TempDir Path work) throws Exception {
        BenchLots book = BenchLots.create(stack.dataSource(), stack.simulator(), Benchmark.ACCOUNT, 10, Benchmark.OPEN);
        ColdStarts cold = new ColdStarts(stack, Path.of(".."), work, ColdStart.findRuntimeJars(), book, anHourLater());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ColdStarts.Result result = cold.compare(List.of(ColdStarts.Target.SWEEP, ColdStarts.Target.SYNC, ColdStarts.Target.CLOSE_ORDER), 1,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(result.comparisons()).hasSize(3);
        for (ColdStarts.Comparison c : result.comparisons()) {
            String body = c.runs().get(0).firstBody();
            var json = JsonParser.parseString(body).getAsJsonObject();
            if (c.target() == ColdStarts.Target.SYNC) {
                assertThat(json.get("tick").getAsString()).as(body).isNotEmpty();
            } else {
                assertThat(json.getAsJsonArray("batchItemFailures")).as(c.target() + ": " + body).isEmpty();
            }
            assertThat(c.empty().get(0).firstBody()).isEqualTo("{\"batchItemFailures\":[]}");
            assertThat(c.coldstartEmptyRatio()).isPositive().isFinite();
            assertThat(c.cpuRatio()).isPositive(); // NaN (not positive) would mean /proc was not read
        }
        assertThat(result.coldstartEmptyRatio()).isEqualTo(result.comparisons().stream()
                .mapToDouble(ColdStarts.Comparison::coldstartEmptyRatio).max().orElseThrow());
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("SweepFunction: median", "against the empty handler's");
    }

    @Test
    void theSweepFunctionJarAnswersTheFirstSweepUnderTheRealRuntimeClient(@TempDir Path work) throws Exception {
        Path jar = Path.of("..", "functions", "sweep", "target", "sweep-lambda.jar");
        // In `mvn verify` the function modules are packaged before this module's tests run.
        assertThat(jar).as("the shaded jar (built by `mvn package`)").isRegularFile();
        // local/pom.xml declares the runtime client (provided), so Maven has put it in the local repository.
        List<Path> runtime = ColdStart.findRuntimeJars();
        BenchLots book = BenchLots.create(stack.dataSource(), stack.simulator(), Benchmark.ACCOUNT, 20, Benchmark.OPEN);
        java.time.Instant asOf = anHourLater();
        ColdStarts cold = new ColdStarts(stack, Path.of(".."), work, runtime, book, asOf);
        ColdStart.Run run = cold.sweep(book, 1, 256);
        assertThat(run.firstBody()).contains("batchItemFailures").doesNotContain("itemIdentifier");
        assertThat(run.warmMillis()).hasSize(1);
        assertThat(run.heap().loadedClasses()).isPositive();
        assertThat(run.heap().maxHeap()).isLessThanOrEqualTo(256L * 1024 * 1024);
        // each run is 10 s after the last; the warm sweep one second after the cold one
        try (SweepBench bench = new SweepBench(stack, Benchmark.OPEN)) {
            assertThat(bench.checkedAt(book, asOf.plusSeconds(11))).as("the warm sweep in the function's JVM priced the book").isEqualTo(20);
        }
    }
}
