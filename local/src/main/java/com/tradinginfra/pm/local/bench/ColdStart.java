package com.tradinginfra.pm.local.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.tools.attach.VirtualMachine;
import com.tradinginfra.pm.broker.AlpacaSettings;
import com.tradinginfra.pm.local.OneMachineStack;
import com.tradinginfra.pm.queue.MessageCodec;
import com.tradinginfra.pm.app.SweepRequest;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cold start of a function as Lambda runs it (SweepFunction by default; any handler and task root through
 * {@link #launch}, the baseline through {@link #prepareEmptyHandler}): a fresh JVM started the way the managed Java
 * runtime starts it (its JVM flags, the runtime's own jars on the class path — the real
 * {@code aws-lambda-java-runtime-interface-client} with its JNI client — and the function's shaded
 * jar unpacked into the task root, which is the working directory), talking to a
 * {@link RuntimeApiServer} on loopback. Measured from just before the process is started to the
 * moment the first response reaches the Runtime API. The function reaches the embedded
 * database, the simulator and ElasticMQ through the environment, as in AWS.
 *
 * <p>Peak heap is read from the function's JVM after its invocations, over the attach API and
 * JMX: the sum of the heap pools' peak usage since start (an upper bound: pools peak at different
 * moments; with the serial collector eden's peak is close to its capacity) and the heap still in
 * use after a full GC (what the container retains between invocations).
 */
public final class ColdStart {
    public static final String HANDLER = "com.tradinginfra.pm.function.SweepHandler::handleRequest";
    private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String JNI_NAME = "libaws-lambda-jni.linux-x86_64.so";
    /** Lambda gives the JVM 85 % of the function's memory as maximum heap; the template says 1024 MB. */
    public static final int MEMORY_MB = 1024;

    private final Path workDir;
    private final Path taskRoot;
    private final List<Path> runtimeJars;
    private final Path jni;

    /**
     * Result of one cold start; {@code classesByPackage} only when the run logged class loading. {@code cpuMillis}: the CPU
     * time (user + system, all threads) the function's JVM had used when its first response arrived, read from
     * {@code /proc} (NaN elsewhere): unlike the wall-clock times it does not grow when other processes load the machine.
     */
    public record Run(double initMillis, double firstResponseMillis, List<Double> warmMillis, Heap heap, String firstBody,
                      List<String> jvmFlags, Map<String, Integer> classesByPackage, double cpuMillis) {
        public Run(double initMillis, double firstResponseMillis, List<Double> warmMillis, Heap heap, String firstBody,
                   List<String> jvmFlags, Map<String, Integer> classesByPackage) {
            this(initMillis, firstResponseMillis, warmMillis, heap, firstBody, jvmFlags, classesByPackage, Double.NaN);
        }
    }

    /** Heap of the function's JVM, in bytes, and the classes it had loaded. */
    public record Heap(long peakUsed, long liveAfterGc, long maxHeap, long loadedClasses) {
    }

    private ColdStart(Path workDir, Path taskRoot, List<Path> runtimeJars, Path jni) {
        this.workDir = workDir;
        this.taskRoot = taskRoot;
        this.runtimeJars = runtimeJars;
        this.jni = jni;
    }

    /**
     * Unpacks the function jar into a task root and finds the runtime's jars.
     *
     * @param functionJar  e.g. {@code functions/sweep/target/sweep-lambda.jar}
     * @param runtimeJars  the runtime client, aws-lambda-java-core, aws-lambda-java-serialization and
     *                     utils-lite; see {@link #findRuntimeJars()}
     */
    public static ColdStart prepare(Path functionJar, List<Path> runtimeJars, Path work) throws IOException {
        Path workDir = work.toAbsolutePath().normalize();
        if (!Files.isRegularFile(functionJar)) {
            throw new IllegalStateException(functionJar + " is missing: run `mvn -o -DskipTests package` first");
        }
        Files.createDirectories(workDir);
        Path task = workDir.resolve("task");
        deleteTree(task);
        unzip(functionJar, task, null);
        Path ric = runtimeJars.stream().filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no runtime interface client among " + runtimeJars));
        Path jniDir = workDir.resolve("jni");
        unzip(ric, jniDir, "jni/" + JNI_NAME);
        return new ColdStart(workDir, task, runtimeJars, jniDir.resolve("jni").resolve(JNI_NAME));
    }

    /**
     * The baseline: a task root holding only {@link EmptySqsHandler} and the jars it needs
     * ({@code aws-lambda-java-core}, {@code aws-lambda-java-events} and its joda-time), run under the same runtime client and flags.
     */
    public static ColdStart prepareEmptyHandler(List<Path> runtimeJars, Path work) throws IOException {
        Path workDir = work.toAbsolutePath().normalize();
        Files.createDirectories(workDir);
        Path task = workDir.resolve("task");
        deleteTree(task);
        Path repo = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Path events = findJar(repo, "com/amazonaws", "aws-lambda-java-events", "3.16.1")
                .orElseThrow(() -> new IllegalStateException("aws-lambda-java-events is not in " + repo));
        Path core = runtimeJars.stream().filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-core"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no aws-lambda-java-core among " + runtimeJars));
        // aws-lambda-java-events' one dependency: the runtime's event mapping resolves it even for an SQSEvent
        Path joda = findJar(repo, "joda-time", "joda-time", "2.10.8")
                .orElseThrow(() -> new IllegalStateException("joda-time is not in " + repo));
        unzip(events, task, null);
        unzip(core, task, null);
        unzip(joda, task, null);
        String cls = EmptySqsHandler.class.getName().replace('.', '/') + ".class";
        Path target = task.resolve(cls);
        Files.createDirectories(target.getParent());
        try (InputStream in = EmptySqsHandler.class.getClassLoader().getResourceAsStream(cls)) {
            if (in == null) {
                throw new IllegalStateException(cls + " is not on the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Path ric = runtimeJars.stream().filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no runtime interface client among " + runtimeJars));
        Path jniDir = workDir.resolve("jni");
        unzip(ric, jniDir, "jni/" + JNI_NAME);
        return new ColdStart(workDir, task, runtimeJars, jniDir.resolve("jni").resolve(JNI_NAME));
    }

    /**
     * The jars of the managed runtime, from the local Maven repository ({@code maven.repo.local} or
     * {@code ~/.m2/repository}): the runtime interface client 2.9.0 and what its manifest names.
     */
    public static List<Path> findRuntimeJars() {
        Path repo = Path.of(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        List<Path> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String[][] wanted = {
                {"com/amazonaws", "aws-lambda-java-runtime-interface-client", "2.9.0"},
                {"com/amazonaws", "aws-lambda-java-core", "1.4.0"},
                {"com/amazonaws", "aws-lambda-java-serialization", "1.2.0"},
                {"software/amazon/awssdk", "utils-lite", "2.54.13"}};
        for (String[] w : wanted) {
            Optional<Path> jar = findJar(repo, w[0], w[1], w[2]);
            if (jar.isPresent()) {
                out.add(jar.get());
            } else {
                missing.add(w[0].replace('/', '.') + ":" + w[1] + ":" + w[2]);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the Lambda runtime's jars are not in " + repo + ": " + missing
                    + " (fetch them with `mvn dependency:get -Dartifact=<coordinates>`, or pass --runtime-jars)");
        }
        return out;
    }

    /** The preferred version if present, else the highest version present. */
    private static Optional<Path> findJar(Path repo, String group, String artifact, String preferred) {
        Path dir = repo.resolve(group).resolve(artifact);
        Path exact = dir.resolve(preferred).resolve(artifact + "-" + preferred + ".jar");
        if (Files.isRegularFile(exact)) {
            return Optional.of(exact);
        }
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(dir)) {
            return versions.map(v -> v.resolve(artifact + "-" + v.getFileName() + ".jar")).filter(Files::isRegularFile)
                    .max(Comparator.comparing(p -> p.getParent().getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The JVM flags of Lambda's managed Java runtime (java17/java21), for a function of {@link #MEMORY_MB}. */
    public List<String> lambdaJvmFlags(Integer maxHeapMb) {
        long maxHeapK = maxHeapMb != null ? maxHeapMb * 1024L : MEMORY_MB * 1024L * 85 / 100;
        return List.of(
                "-XX:MaxHeapSize=" + maxHeapK + "k",
                // the JVM in a 1 GB container starts with 1/64 of it; this machine has more memory
                "-XX:InitialHeapSize=" + (MEMORY_MB / 64) + "m",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-XX:+ErrorFileToStderr",
                "-Djava.net.preferIPv4Stack=true",
                "-D" + JNI_PROPERTY + "=" + jni);
    }

    /** The function's environment: what the template sets, what Lambda sets, and the local endpoints. */
    public static Map<String, String> environment(OneMachineStack stack, String runtimeApi, Path taskRoot) {
        AlpacaSettings broker = stack.brokerSettings();
        OneMachineStack.ExternalDb db = stack.database();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        // set by Lambda
        env.put("_HANDLER", HANDLER);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.getParent().toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "SweepFunction");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(MEMORY_MB));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/SweepFunction");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "x");
        env.put("AWS_SECRET_ACCESS_KEY", "x");
        // set by the template (Globals and SweepFunction)
        env.put("ACCOUNT_NAME", stack.account());
        env.put("DB_URL", db.url());
        env.put("DB_USER", db.user());
        env.put("DB_PASSWORD", db.password());
        env.put("ALPACA_API_KEY_ID", broker.keyId());
        env.put("ALPACA_API_SECRET_KEY", broker.secretKey());
        env.put("ALPACA_TRADING_URL", broker.tradingUrl());
        env.put("ALPACA_DATA_URL", broker.dataUrl());
        env.putAll(stack.sqs().environment()); // SWEEP/CLOSE/EXECUTION_QUEUE_URL and AWS_ENDPOINT_URL
        env.put("SWEEPS_PER_MINUTE", String.valueOf(stack.settings().sweepsPerMinute()));
        env.put("BROKER_REQUESTS_PER_MINUTE", "190"); // the account's budget (Globals), shared through the database
        env.put("POWERTOOLS_SERVICE_NAME", "pm-sweep");
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return env;
    }

    /** The SQS event Lambda's event source mapping delivers for one SweepQueue message. */
    public static String sqsEvent(SweepRequest request) {
        return sqsEvent(MessageCodec.encode(request), "SweepQueue", request.asOf());
    }

    /** The SQS event of one message with {@code body}, sent to {@code queue} at {@code sent}. */
    public static String sqsEvent(String body, String queue, Instant sent) {
        JsonObject record = new JsonObject();
        String id = UUID.randomUUID().toString();
        record.addProperty("messageId", id);
        record.addProperty("receiptHandle", "AQEB-bench-" + id);
        record.addProperty("body", body);
        JsonObject attributes = new JsonObject();
        attributes.addProperty("ApproximateReceiveCount", "1");
        attributes.addProperty("SentTimestamp", String.valueOf(sent.toEpochMilli()));
        attributes.addProperty("SenderId", "AROAEXAMPLE:position-manager");
        attributes.addProperty("ApproximateFirstReceiveTimestamp", String.valueOf(sent.toEpochMilli()));
        record.add("attributes", attributes);
        record.add("messageAttributes", new JsonObject());
        record.addProperty("md5OfBody", "00000000000000000000000000000000");
        record.addProperty("eventSource", "aws:sqs");
        record.addProperty("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:" + queue);
        record.addProperty("awsRegion", "us-east-1");
        JsonArray records = new JsonArray();
        records.add(record);
        JsonObject event = new JsonObject();
        event.add("Records", records);
        return event.toString();
    }

    /**
     * A fresh JVM running {@code handler} with {@code env} (its {@code AWS_LAMBDA_RUNTIME_API} is
     * replaced by this run's server), invocation {@code i} carrying {@code event.apply(i)}: 0 is the cold one, then
     * {@code warm} more.
     */
    public Run launch(String functionName, String handler, Map<String, String> env, java.util.function.IntFunction<String> event,
                      int warm, boolean heap, Integer maxHeapMb, int index, boolean censusOfClasses) throws Exception {
        List<String> flags = new ArrayList<>(lambdaJvmFlags(maxHeapMb));
        Path classLog = workDir.resolve("classes-" + index + ".log");
        if (censusOfClasses) {
            Files.deleteIfExists(classLog);
            flags.add("-Xlog:class+load=info:file=" + classLog);
        }
        try (RuntimeApiServer api = new RuntimeApiServer(functionName)) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(flags);
            command.add("-classpath");
            command.add(String.join(":", runtimeJars.stream().map(Path::toString).toList()));
            command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
            command.add(handler);
            ProcessBuilder pb = new ProcessBuilder(command).directory(taskRoot.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.environment().put("_HANDLER", handler);
            pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", functionName);
            pb.environment().put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
            pb.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
            Path log = workDir.resolve("function-" + index + ".log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            // the cold invocation is queued before the process exists: Lambda has the event waiting
            var first = api.invoke(event.apply(0));
            long t0 = System.nanoTime();
            Process process = pb.start();
            try {
                RuntimeApiServer.Outcome cold;
                try {
                    cold = first.get(120, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("no response from the function in 120 s (init error: " + api.initError()
                            + "); its output is in " + log + ":\n" + tail(log));
                }
                if (cold.error()) {
                    throw new IllegalStateException("the cold invocation failed: " + cold.body() + "\n" + tail(log));
                }
                if (cold.body().contains("batchItemFailures\":[{")) {
                    throw new IllegalStateException("the cold invocation reported failed items: " + cold.body() + "\n" + tail(log));
                }
                double cpu = cpuMillis(process.pid());
                double init = (api.firstNextNanos() - t0) / 1e6;
                double total = (cold.respondedAtNanos() - t0) / 1e6;
                List<Double> warmTimes = new ArrayList<>();
                for (int i = 1; i <= warm; i++) {
                    var next = api.invoke(event.apply(i));
                    RuntimeApiServer.Outcome o = next.get(120, TimeUnit.SECONDS);
                    if (o.error()) {
                        throw new IllegalStateException("a warm invocation failed: " + o.body());
                    }
                    warmTimes.add((o.respondedAtNanos() - o.nextAtNanos()) / 1e6);
                }
                Heap h = heap ? readHeap(process.pid()) : null;
                return new Run(init, total, warmTimes, h, cold.body(), flags, censusOfClasses ? census(classLog) : null, cpu);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** utime + stime of {@code pid} from {@code /proc/<pid>/stat}, at the usual 100 clock ticks a second; NaN without /proc. */
    static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count from after it
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Classes loaded until the first response, by package (three segments), most first. */
    private static Map<String, Integer> census(Path classLog) throws IOException {
        Map<String, Integer> by = new java.util.HashMap<>();
        for (String line : Files.readAllLines(classLog)) {
            int end = line.indexOf(" source:");
            int start = line.lastIndexOf("] ", end < 0 ? line.length() : end);
            if (start < 0 || end < 0) {
                continue;
            }
            String name = line.substring(start + 2, end);
            String[] parts = name.split("\\.");
            int depth = name.startsWith("software.amazon.awssdk.") || name.startsWith("com.amazonaws.lambda.thirdparty.")
                    || name.startsWith("com.amazonaws.services.lambda.") ? 4 : 3;
            String key = parts.length <= 1 ? "(default)" : String.join(".", List.of(parts).subList(0, Math.min(depth, parts.length - 1)));
            by.merge(key, 1, Integer::sum);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        by.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static Heap readHeap(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection mbeans = connector.getMBeanServerConnection();
                long peak = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(mbeans, MemoryPoolMXBean.class)) {
                    if (pool.getType() == MemoryType.HEAP) {
                        peak += pool.getPeakUsage().getUsed();
                    }
                }
                MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.MEMORY_MXBEAN_NAME,
                        MemoryMXBean.class);
                long classes = ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.CLASS_LOADING_MXBEAN_NAME,
                        java.lang.management.ClassLoadingMXBean.class).getTotalLoadedClassCount();
                memory.gc();
                return new Heap(peak, memory.getHeapMemoryUsage().getUsed(), memory.getHeapMemoryUsage().getMax(), classes);
            }
        } finally {
            vm.detach();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static void unzip(Path zip, Path into, String only) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            var entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (only != null && !e.getName().equals(only)) {
                    continue;
                }
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    continue;
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public Path taskRoot() {
        return taskRoot;
    }
}
