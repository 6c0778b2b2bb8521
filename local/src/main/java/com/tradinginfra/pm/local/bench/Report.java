package com.tradinginfra.pm.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static com.tradinginfra.pm.local.bench.Figures.mb;
import static com.tradinginfra.pm.local.bench.Figures.ms;
import static com.tradinginfra.pm.local.bench.Samples.max;
import static com.tradinginfra.pm.local.bench.Samples.median;
import static com.tradinginfra.pm.local.bench.Samples.of;

/**
 * The benchmark's output: its console lines, the Markdown report ({@link PerformanceReport}, with
 * {@link Commentary}; statistics in {@link Samples}, figures in {@link Figures}) and the jars it measures.
 */
public final class Report {
    /** A function jar and what takes its room. */
    public record JarSize(String function, Path path, long bytes, List<Map.Entry<String, Long>> largest) {
    }

    private Report() {
    }

    // ------------------------------------------------------------------ console

    static String sizeLine(SweepBench.SizeResult r) {
        List<Double> nt = of(r.newRuns(), SweepBench.Run::millis);
        List<Double> ot = of(r.oldRuns(), SweepBench.Run::millis);
        SweepBench.Run last = r.newRuns().get(r.newRuns().size() - 1);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%,d lots: new way median %s, max %s, %d round trips, %d price requests (%d broker requests); via SweepQueue %s, %d round trips",
                r.book().lots(), ms(median(nt)), ms(max(nt)), last.roundTrips(), last.priceRequests(), last.totalRequests(),
                ms(r.viaQueue().millis()), r.viaQueue().roundTrips()));
        if (!r.oldRuns().isEmpty()) {
            SweepBench.Run old = r.oldRuns().get(r.oldRuns().size() - 1);
            sb.append(String.format(Locale.ROOT, "; old way median %s, %,d round trips, %,d price requests; old/new %.0f×",
                    ms(median(ot)), old.roundTrips(), old.priceRequests(), median(ot) / median(nt)));
        }
        return sb.toString();
    }

    static String coldLine(int lots, ColdStart.Run run) {
        return String.format(Locale.ROOT, "cold start, %,d lots: init %s, first sweep response %s after process start; warm %s; heap %s",
                lots, ms(run.initMillis()), ms(run.firstResponseMillis()),
                run.warmMillis().isEmpty() ? "–" : ms(median(run.warmMillis())),
                run.heap() == null ? "–" : "peak " + mb(run.heap().peakUsed()) + ", live " + mb(run.heap().liveAfterGc()));
    }

    static String reactionLine(ReactionBench.Result r) {
        List<Double> xs = of(r.trials(), ReactionBench.Trial::reactionSeconds);
        return String.format(Locale.ROOT, "reaction at %d sweep(s)/min over %d crossings: median %.1f s, max %.1f s of tick time",
                r.sweepsPerMinute(), xs.size(), median(xs), max(xs));
    }

    // ------------------------------------------------------------------ markdown

    public static String markdown(Benchmark.Results r) {
        return PerformanceReport.markdown(r);
    }

    // ------------------------------------------------------------------ jars

    static List<JarSize> jarSizes(Path root) {
        List<JarSize> out = new ArrayList<>();
        Path functions = root.resolve("functions");
        if (!Files.isDirectory(functions)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(functions)) {
            for (Path dir : dirs.sorted().toList()) {
                Path jar = dir.resolve("target").resolve(dir.getFileName() + "-lambda.jar");
                if (Files.isRegularFile(jar)) {
                    out.add(new JarSize(dir.getFileName().toString(), root.relativize(jar), Files.size(jar), largest(jar)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Compressed bytes by package (first three path segments), largest first. */
    private static List<Map.Entry<String, Long>> largest(Path jar) throws IOException {
        Map<String, Long> by = new HashMap<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            var entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String[] parts = e.getName().split("/");
                String key = parts.length <= 1 ? "(root)" : String.join("/", List.of(parts).subList(0, Math.min(3, parts.length - 1)));
                by.merge(key, Math.max(0, e.getCompressedSize()), Long::sum);
            }
        }
        return by.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8).toList();
    }

    /** Compressed bytes of the jar's entries under a path prefix. */
    static long bytesUnder(Path jar, String prefix) {
        long total = 0;
        try (ZipFile z = new ZipFile(jar.toFile())) {
            var entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory() && e.getName().startsWith(prefix)) {
                    total += Math.max(0, e.getCompressedSize());
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }
}
