package com.tradinginfra.pm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.tradinginfra.pm.embedded.QueueTopology;

/**
 * Checks {@code template.yaml} against the code: handlers exist in the jars the template deploys,
 * every queue has a DLQ with an alarm, partial batch responses are on, {@link QueueTopology}
 * matches, IAM is scoped, and the sample events in {@code events/} are valid.
 *
 * <p>The handler checks need the shaded jars {@code functions/<f>/target/<f>-lambda.jar}: in a
 * reactor build ({@code mvn verify}) the function modules are packaged before this module's tests.
 */
class TemplateTest {

    /** Environment variables every function must receive (docs/ARCHITECTURE.md; template Globals). */
    static final List<String> COMMON_ENVIRONMENT = List.of(
            "ACCOUNT_NAME", "DB_URL", "DB_USER", "DB_IAM_AUTH", "ALPACA_SECRET_ARN", "ALPACA_TRADING_URL",
            "ALPACA_DATA_URL", "SWEEP_QUEUE_URL", "CLOSE_QUEUE_URL", "EXECUTION_QUEUE_URL",
            "DEFAULT_STOP_LOSS_PCT", "DEFAULT_TAKE_PROFIT_PCT", "MAX_HOLD_MINUTES", "TRAILING_STOP_PCT",
            "DAY_TRADE_CUTOFF_MINUTES", "OPTION_EXPIRY_CUTOFF_HOURS", "MAX_CLOSE_ATTEMPTS", "SWEEPS_PER_MINUTE",
            "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_LOG_LEVEL");

    static Path root;
    static Map<String, Object> template;
    static Map<String, Map<String, Object>> resources;

    @BeforeAll
    static void load() throws IOException {
        root = projectRoot();
        try (Reader in = Files.newBufferedReader(root.resolve("template.yaml"), StandardCharsets.UTF_8)) {
            template = CloudFormationYaml.load(in);
        }
        resources = new LinkedHashMap<>();
        map(template.get("Resources")).forEach((id, r) -> resources.put(id, map(r)));
        assertThat(resources).as("Resources of template.yaml").isNotEmpty();
    }

    // ------------------------------------------------------------------ functions and handlers

    @Test
    void everyHandlerIsARequestHandlerInsideItsFunctionsShadedJar() throws Exception {
        Map<String, Map<String, Object>> functions = ofType("AWS::Serverless::Function");
        assertThat(functions).containsKeys("SyncFunction", "ExecutionFunction", "SweepFunction", "CloseOrderFunction");
        List<String> problems = new ArrayList<>();
        for (var fn : functions.entrySet()) {
            Map<String, Object> props = map(fn.getValue().get("Properties"));
            String codeUri = (String) props.get("CodeUri");
            String handler = (String) props.get("Handler");
            assertThat(codeUri).as(fn.getKey() + " CodeUri").matches("functions/[a-z-]+/target/[a-z-]+-lambda\\.jar");
            assertThat(handler).as(fn.getKey() + " Handler").matches("com\\.tradinginfra\\.pm\\.function\\.\\w+::\\w+");
            Path jar = root.resolve(codeUri);
            if (!Files.isRegularFile(jar)) {
                fail(fn.getKey() + ": " + codeUri + " is missing - build it first with `mvn -B package` "
                        + "(a reactor `mvn verify` packages the function modules before local's tests)");
            }
            String className = handler.substring(0, handler.indexOf("::"));
            String method = handler.substring(handler.indexOf("::") + 2);
            // the jar alone, as Lambda sees it: no parent besides the platform (JDK) classes
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> cls;
                try {
                    cls = Class.forName(className, false, loader); // no static init: it reads the environment
                } catch (ClassNotFoundException e) {
                    problems.add(fn.getKey() + ": " + className + " is not in " + codeUri);
                    continue;
                }
                Class<?> requestHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestHandler");
                if (!requestHandler.isAssignableFrom(cls)) {
                    problems.add(fn.getKey() + ": " + className + " does not implement RequestHandler");
                }
                if (Modifier.isAbstract(cls.getModifiers()) || !Modifier.isPublic(cls.getModifiers())) {
                    problems.add(fn.getKey() + ": " + className + " must be a public concrete class");
                }
                try {
                    cls.getConstructor(); // Lambda instantiates the handler through it
                } catch (NoSuchMethodException e) {
                    problems.add(fn.getKey() + ": " + className + " has no public no-argument constructor");
                }
                if (Arrays.stream(cls.getMethods()).noneMatch(m -> m.getName().equals(method) && !m.isBridge())) {
                    problems.add(fn.getKey() + ": " + className + " has no public method " + method);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyFunctionGetsTheCommonEnvironmentAndTheQueueUrls() {
        Map<String, Object> globals = map(map(map(template.get("Globals")).get("Function")).get("Environment"));
        Map<String, Object> globalVars = map(globals.get("Variables"));
        for (var fn : ofType("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> vars = new LinkedHashMap<>(globalVars);
            Object own = map(fn.getValue().get("Properties")).get("Environment");
            if (own != null) {
                vars.putAll(map(map(own).get("Variables")));
            }
            assertThat(vars).as(fn.getKey() + " environment").containsKeys(COMMON_ENVIRONMENT.toArray(String[]::new));
            assertThat(vars.get("DB_IAM_AUTH")).isEqualTo("true");
            assertThat(vars.get("DB_URL")).asString().contains("sslmode=verify-full").contains("prepareThreshold=0");
            for (QueueTopology q : QueueTopology.values()) {
                assertThat(vars.get(q.urlEnvironmentVariable()))
                        .as(fn.getKey() + " " + q.urlEnvironmentVariable()).isEqualTo(Map.of("Ref", q.logicalName()));
            }
        }
    }

    @Test
    void syncRunsEveryMinuteFromEventBridge() {
        Map<String, Object> events = map(props("SyncFunction").get("Events"));
        assertThat(events.values()).anySatisfy(e -> {
            assertThat(map(e).get("Type")).isEqualTo("Schedule");
            assertThat(map(map(e).get("Properties")).get("Schedule")).isEqualTo("rate(1 minute)");
        });
    }

    @Test
    void everyFunctionLogsToItsOwnLogGroupWithRetention() {
        for (var fn : ofType("AWS::Serverless::Function").entrySet()) {
            Object logGroup = map(map(fn.getValue().get("Properties")).get("LoggingConfig")).get("LogGroup");
            String id = refTarget(logGroup);
            assertThat(resources.get(id)).as(fn.getKey() + " log group " + id).isNotNull();
            assertThat(resources.get(id).get("Type")).isEqualTo("AWS::Logs::LogGroup");
            assertThat(props(id)).containsKey("RetentionInDays");
        }
    }

    // ------------------------------------------------------------------ queues

    @Test
    void everyQueueHasADeadLetterQueueAndEveryDeadLetterQueueAnAlarm() {
        Map<String, Map<String, Object>> queues = ofType("AWS::SQS::Queue");
        Set<String> dlqs = new LinkedHashSet<>();
        for (var q : queues.entrySet()) {
            Object redrive = map(q.getValue().get("Properties")).get("RedrivePolicy");
            if (redrive != null) {
                dlqs.add(getAttTarget(map(redrive).get("deadLetterTargetArn"), "Arn"));
            }
        }
        for (var q : queues.entrySet()) {
            Map<String, Object> p = map(q.getValue().get("Properties"));
            assertThat(p.get("SqsManagedSseEnabled")).as(q.getKey() + " SqsManagedSseEnabled").isEqualTo(true);
            if (dlqs.contains(q.getKey())) {
                assertThat(p).as(q.getKey() + " is a DLQ: it must not have a DLQ of its own").doesNotContainKey("RedrivePolicy");
                assertThat(p.get("MessageRetentionPeriod")).as(q.getKey() + " retention").isEqualTo(1_209_600);
            } else {
                assertThat(p).as(q.getKey() + " needs a RedrivePolicy (DLQ)").containsKey("RedrivePolicy");
            }
        }
        assertThat(dlqs).allSatisfy(dlq -> assertThat(queues).containsKey(dlq));

        Map<String, Map<String, Object>> alarms = ofType("AWS::CloudWatch::Alarm");
        for (String dlq : dlqs) {
            assertThat(alarms.values()).as("an alarm on " + dlq).anySatisfy(alarm -> {
                Map<String, Object> p = map(alarm.get("Properties"));
                assertThat(p.get("Namespace")).isEqualTo("AWS/SQS");
                assertThat(p.get("MetricName")).isEqualTo("ApproximateNumberOfMessagesVisible");
                assertThat(list(p.get("Dimensions"))).anySatisfy(d ->
                        assertThat(map(d).get("Value")).isEqualTo(Map.of("Fn::GetAtt", List.of(dlq, "QueueName"))));
                assertThat(p.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
                assertThat(((Number) p.get("Threshold")).doubleValue()).isZero();
                assertThat(p.get("Period")).isEqualTo(60);
                assertThat(list(p.get("AlarmActions"))).contains(Map.of("Ref", "AlarmTopicArn"));
            });
        }
    }

    @Test
    void everySqsEventSourceReportsBatchItemFailures() {
        int sqsEvents = 0;
        for (var fn : ofType("AWS::Serverless::Function").entrySet()) {
            Object events = map(fn.getValue().get("Properties")).get("Events");
            if (events == null) {
                continue;
            }
            for (var e : map(events).entrySet()) {
                if ("SQS".equals(map(e.getValue()).get("Type"))) {
                    sqsEvents++;
                    assertThat(list(map(map(e.getValue()).get("Properties")).get("FunctionResponseTypes")))
                            .as(fn.getKey() + "." + e.getKey() + " FunctionResponseTypes")
                            .contains("ReportBatchItemFailures");
                }
            }
        }
        assertThat(sqsEvents).isEqualTo(QueueTopology.values().length);
    }

    @Test
    void queueTopologyDescribesExactlyTheTemplatesQueues() {
        Set<String> described = new TreeSet<>();
        for (QueueTopology q : QueueTopology.values()) {
            described.add(q.logicalName());
            described.add(q.dlqName());
            assertThat(resources).as("template queue " + q.logicalName()).containsKey(q.logicalName());
            assertThat(resources).as("template DLQ " + q.dlqName()).containsKey(q.dlqName());
            Map<String, Object> p = props(q.logicalName());
            Map<String, Object> redrive = map(p.get("RedrivePolicy"));
            assertThat(getAttTarget(redrive.get("deadLetterTargetArn"), "Arn")).isEqualTo(q.dlqName());
            assertThat(((Number) redrive.get("maxReceiveCount")).intValue())
                    .as(q.logicalName() + " maxReceiveCount").isEqualTo(q.maxReceiveCount());
            assertThat(((Number) p.get("VisibilityTimeout")).intValue())
                    .as(q.logicalName() + " VisibilityTimeout").isEqualTo(q.visibilityTimeoutSeconds());
            assertThat(props(q.dlqName()).get("MessageRetentionPeriod")).isEqualTo(QueueTopology.DLQ_RETENTION_SECONDS);

            // the consumer: visibility timeout >= 6 x its timeout (AWS guidance for SQS event sources)
            String consumer = consumerOf(q.logicalName());
            int timeout = functionTimeout(consumer);
            assertThat(q.visibilityTimeoutSeconds()).as(q.logicalName() + " visibility vs " + consumer + " timeout " + timeout)
                    .isGreaterThanOrEqualTo(6 * timeout);
        }
        assertThat(ofType("AWS::SQS::Queue").keySet()).as("queues of template.yaml").isEqualTo(described);
        assertThat(QueueTopology.byName("CloseDLQ")).isEqualTo(QueueTopology.CLOSE);
    }

    // ------------------------------------------------------------------ IAM

    @Test
    void noIamStatementUsesAWildcardActionOrResource() {
        List<String> statements = new ArrayList<>();
        walk(template, "", (path, node) -> {
            if (node instanceof Map<?, ?> m && m.get("Statement") != null) {
                for (Object s : list(m.get("Statement"))) {
                    Map<String, Object> st = map(s);
                    statements.add(path);
                    for (Object action : asList(st.get("Action"))) {
                        assertThat(action).as(path + " Action").isInstanceOf(String.class);
                        assertThat((String) action).as(path + " Action").isNotEqualTo("*").doesNotEndWith(":*");
                    }
                    assertThat(st).as(path + " NotAction").doesNotContainKey("NotAction");
                    for (Object resource : asList(st.get("Resource"))) {
                        assertThat(resource).as(path + " Resource").isNotEqualTo("*");
                    }
                }
            }
        });
        assertThat(statements).isNotEmpty();
    }

    @Test
    void functionsUseTheirOwnRolesAndOnlyTheVpcManagedPolicy() {
        for (var fn : ofType("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> p = map(fn.getValue().get("Properties"));
            // SAM-generated roles would add AWSLambdaSQSQueueExecutionRole (SQS on every queue)
            assertThat(p).as(fn.getKey()).doesNotContainKey("Policies");
            String role = getAttTarget(p.get("Role"), "Arn");
            assertThat(resources.get(role).get("Type")).isEqualTo("AWS::IAM::Role");
            for (Object arn : asList(props(role).get("ManagedPolicyArns"))) {
                assertThat(map(arn).get("Fn::Sub")).asString().endsWith(":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
            }
        }
    }

    // ------------------------------------------------------------------ packaging and events

    @Test
    void shadedJarsCarryTheJsonLogConfigurationAndEveryLog4jPlugin() throws Exception {
        Set<String> onClasspath = plugins(Collections.list(
                getClass().getClassLoader().getResources(PluginProcessor.PLUGIN_CACHE_FILE)));
        assertThat(onClasspath).contains("core:console", "core:jsontemplatelayout");
        for (String codeUri : codeUris()) {
            Path jar = root.resolve(codeUri);
            assertThat(jar).as(codeUri + " (run `mvn -B package`)").isRegularFile();
            URL dat = new URL("jar:" + jar.toUri() + "!/" + PluginProcessor.PLUGIN_CACHE_FILE);
            assertThat(plugins(List.of(dat)))
                    .as(codeUri + ": the parent pom's Log4j2PluginCacheFileTransformer merges every Log4j2Plugins.dat")
                    .containsAll(onClasspath);
            try (JarFile jf = new JarFile(jar.toFile()); InputStream xml = jf.getInputStream(jf.getEntry("log4j2.xml"))) {
                assertThat(new String(xml.readAllBytes(), StandardCharsets.UTF_8))
                        .contains("classpath:LambdaJsonLayout.json");
                assertThat(jf.getEntry("LambdaJsonLayout.json")).isNotNull();
            }
        }
    }

    @Test
    void sampleEventsAreValidLambdaEvents() {
        ScheduledEvent tick = EventLoader.loadScheduledEvent(root.resolve("events/sync-scheduled-event.json").toString());
        assertThat(tick.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(tick.getSource()).isEqualTo("aws.events");
        assertThat(tick.getTime().toDate().toInstant()).isEqualTo(Instant.parse("2026-11-20T15:00:00Z"));

        assertThat(sqsBody("sweep-sqs-event.json")).isEqualTo(
                "{\"account\":\"large\",\"asOf\":\"2026-11-20T15:00:00Z\",\"slot\":0,\"fromLotId\":0,\"toLotId\":9223372036854775807}");
        assertThat(sqsBody("close-order-sqs-event.json")).isEqualTo(
                "{\"account\":\"large\",\"lotId\":42,\"attempt\":1,\"reason\":\"stop_loss\",\"asOf\":\"2026-11-20T15:00:00Z\"}");
        assertThat(sqsBody("execution-sqs-event.json")).isEqualTo(
                "{\"execution_id\":\"8f14e45f-ceea-467f-9a8d-1f2a8b3c4d5e\"}");
    }

    @Test
    void envJsonNamesTheTemplatesFunctionsAndOnlyTheirVariables() throws IOException {
        Map<String, Object> env;
        try (Reader in = Files.newBufferedReader(root.resolve("events/env.json"), StandardCharsets.UTF_8)) {
            env = CloudFormationYaml.load(in); // JSON is YAML
        }
        assertThat(env.keySet()).isEqualTo(ofType("AWS::Serverless::Function").keySet());
        Set<String> templateVars = map(map(map(map(template.get("Globals")).get("Function")).get("Environment"))
                .get("Variables")).keySet();
        // sam local invoke --env-vars only overrides variables that the template declares
        env.forEach((fn, vars) -> assertThat(templateVars).as("env.json " + fn).containsAll(map(vars).keySet()));
    }

    // ------------------------------------------------------------------ helpers

    static String sqsBody(String file) {
        SQSEvent event = EventLoader.loadSQSEvent(root.resolve("events").resolve(file).toString());
        assertThat(event.getRecords()).hasSize(1);
        assertThat(event.getRecords().get(0).getEventSource()).isEqualTo("aws:sqs");
        return event.getRecords().get(0).getBody();
    }

    static Set<String> plugins(List<URL> caches) throws IOException {
        PluginCache cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(caches));
        Set<String> keys = new TreeSet<>();
        cache.getAllCategories().forEach((category, entries) -> entries.keySet().forEach(k -> keys.add(category + ":" + k)));
        return keys;
    }

    static Set<String> codeUris() {
        return ofType("AWS::Serverless::Function").values().stream()
                .map(r -> (String) map(r.get("Properties")).get("CodeUri"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static String consumerOf(String queue) {
        List<String> consumers = new ArrayList<>();
        for (var fn : ofType("AWS::Serverless::Function").entrySet()) {
            Object events = map(fn.getValue().get("Properties")).get("Events");
            if (events == null) {
                continue;
            }
            for (Object e : map(events).values()) {
                if ("SQS".equals(map(e).get("Type"))
                        && queue.equals(getAttTarget(map(map(e).get("Properties")).get("Queue"), "Arn"))) {
                    consumers.add(fn.getKey());
                }
            }
        }
        assertThat(consumers).as("consumers of " + queue).hasSize(1);
        return consumers.get(0);
    }

    static int functionTimeout(String function) {
        Object own = props(function).get("Timeout");
        Object timeout = own != null ? own : map(map(template.get("Globals")).get("Function")).get("Timeout");
        return ((Number) timeout).intValue();
    }

    static Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                found.put(id, r);
            }
        });
        return found;
    }

    static Map<String, Object> props(String id) {
        assertThat(resources).containsKey(id);
        return map(resources.get(id).get("Properties"));
    }

    /** {@code !GetAtt X.attr} → X. */
    static String getAttTarget(Object value, String attribute) {
        assertThat(value).as("expected !GetAtt <id>.%s", attribute).isInstanceOf(Map.class);
        List<Object> args = list(map(value).get("Fn::GetAtt"));
        assertThat(args).hasSize(2);
        assertThat(args.get(1)).isEqualTo(attribute);
        return (String) args.get(0);
    }

    /** {@code !Ref X} → X. */
    static String refTarget(Object value) {
        assertThat(value).as("expected !Ref").isInstanceOf(Map.class);
        return (String) map(value).get("Ref");
    }

    static void walk(Object node, String path, BiConsumer<String, Object> visitor) {
        visitor.accept(path, node);
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "/" + k, visitor));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), path + "[" + i + "]", visitor);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    static List<Object> asList(Object o) {
        return o == null ? List.of() : o instanceof List<?> ? list(o) : List.of(o);
    }

    static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("functions"))) {
                return p;
            }
        }
        throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * YAML with CloudFormation's short-form intrinsic functions: {@code !Ref X} becomes
     * {@code {Ref: X}}, {@code !GetAtt A.B} becomes {@code {Fn::GetAtt: [A, B]}}, {@code !Sub s}
     * becomes {@code {Fn::Sub: s}}, and so on — the same shape as the long form.
     */
    static final class CloudFormationYaml extends SafeConstructor {
        private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAZs",
                "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
                "Length", "ToJsonString");

        static Map<String, Object> load(Reader in) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Object doc = new Yaml(new CloudFormationYaml(options)).load(in);
            return map(doc);
        }

        private CloudFormationYaml(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new Intrinsic("Fn::GetAtt"));
            for (String f : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + f), new Intrinsic("Fn::" + f));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String s = constructScalar(scalar);
                    value = name.equals("Fn::GetAtt") ? List.of(s.split("\\.", 2)) : s;
                } else if (node instanceof SequenceNode seq) {
                    value = constructSequence(seq);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(name, value);
            }
        }
    }
}
