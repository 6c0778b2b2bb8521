import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.net.URL;

import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginProcessor;

/**
 * Regenerates the merged Log4j2 plugin cache that every function ships in
 * {@code src/main/resources/META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat}.
 *
 * <p>Why: log4j-core, log4j-layout-template-json and powertools-logging-log4j each carry a
 * {@code Log4j2Plugins.dat}, and Log4j2 finds its plugins (Console, JsonTemplateLayout, the
 * Powertools resolver) only through these files. The shade plugin keeps just one of them (Log4j's
 * own shade transformer and exec/antrun are not resolvable offline here), so the shaded Lambda jar
 * fell back to Log4j's default configuration and the structured JSON logs disappeared. The
 * module's own resources come first in the shaded jar, so the committed merged file wins.
 * {@code local/src/test/.../TemplateTest} fails when it no longer covers the plugins on the
 * classpath (e.g. after a Powertools or Log4j upgrade): then run this again.
 *
 * <p>Usage (a single-file source program, JDK 11+):
 * <pre>
 * R=~/.m2/repository/org/apache/logging/log4j; V=2.25.2
 * java -cp $R/log4j-api/$V/log4j-api-$V.jar:$R/log4j-core/$V/log4j-core-$V.jar:$R/log4j-layout-template-json/$V/log4j-layout-template-json-$V.jar:$HOME/.m2/repository/software/amazon/lambda/powertools-logging-log4j/2.9.0/powertools-logging-log4j-2.9.0.jar \
 *   functions/MergeLog4j2Plugins.java /tmp/Log4j2Plugins.dat
 * for f in sync sweep close-order; do cp /tmp/Log4j2Plugins.dat functions/$f/src/main/resources/META-INF/org/apache/logging/log4j/core/config/plugins/; done
 * </pre>
 */
public final class MergeLog4j2Plugins {
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: MergeLog4j2Plugins <output Log4j2Plugins.dat>");
        }
        Path out = Path.of(args[0]);
        List<URL> caches = Collections.list(MergeLog4j2Plugins.class.getClassLoader()
                .getResources(PluginProcessor.PLUGIN_CACHE_FILE));
        // a merged file left by an earlier build is one of the inputs; merging is idempotent
        PluginCache cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(caches));
        int plugins = cache.getAllCategories().values().stream().mapToInt(java.util.Map::size).sum();
        if (!cache.getAllCategories().containsKey("core")) {
            throw new IllegalStateException("no log4j-core plugin cache on the classpath: " + caches);
        }
        Files.createDirectories(out.getParent());
        byte[] merged;
        try (java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream()) {
            cache.writeCache(bytes);
            merged = bytes.toByteArray();
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            os.write(merged);
        }
        System.out.println("[MergeLog4j2Plugins] " + plugins + " plugins from " + caches.size()
                + " caches -> " + out);
    }
}
