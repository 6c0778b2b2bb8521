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
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
            String codeUri = jarOf(fn.getKey());
            String handler = (String) props.get("Handler");
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
                    // EC2's Describe actions support no resource-level permissions: "*" is their only resource
                    boolean describeOnly = asList(st.get("Action")).stream().allMatch(a -> ((String) a).startsWith("ec2:Describe"));
                    for (Object resource : asList(st.get("Resource"))) {
                        if (!describeOnly) {
                            assertThat(resource).as(path + " Resource").isNotEqualTo("*");
                        }
                    }
                }
            }
        });
        assertThat(statements).isNotEmpty();
    }

    @Test
    void functionsUseTheirOwnRolesAndOnlyTheInlineNetworkInterfacePolicy() {
        for (var fn : ofType("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> p = map(fn.getValue().get("Properties"));
            // SAM-generated roles would add AWSLambdaSQSQueueExecutionRole (SQS on every queue)
            assertThat(p).as(fn.getKey()).doesNotContainKey("Policies");
            String role = getAttTarget(p.get("Role"), "Arn");
            assertThat(resources.get(role).get("Type")).isEqualTo("AWS::IAM::Role");
            // not AWSLambdaVPCAccessExecutionRole, which grants logs:* actions on "*"
            assertThat(asList(props(role).get("ManagedPolicyArns")))
                    .as(role + " ManagedPolicyArns").containsExactly(Map.of("Ref", "FunctionNetworkInterfacesPolicy"));
        }
        assertThat(resources.get("FunctionNetworkInterfacesPolicy").get("Type")).isEqualTo("AWS::IAM::ManagedPolicy");
        Map<String, List<Object>> resourcesOf = new LinkedHashMap<>();
        for (Object s : list(map(props("FunctionNetworkInterfacesPolicy").get("PolicyDocument")).get("Statement"))) {
            for (Object action : asList(map(s).get("Action"))) {
                resourcesOf.put((String) action, asList(map(s).get("Resource")));
            }
        }
        // Lambda's guide (configuration-vpc): the execution role's permissions for the VPC attachment
        assertThat(resourcesOf.keySet()).containsExactlyInAnyOrder("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");
        resourcesOf.forEach((action, res) -> {
            if (action.startsWith("ec2:Describe")) {
                assertThat(res).as(action).containsExactly("*");
            } else {
                assertThat(res).as(action).containsExactly(
                        Map.of("Fn::Sub", "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:*/*"));
            }
        });
    }

    // ------------------------------------------------------------------ packaging and events

    @Test
    void shadedJarsConfigureTheirJsonLogsInCodeAndCarryNoLog4j() throws Exception {
        for (String codeUri : codeUris()) {
            Path jar = root.resolve(codeUri);
            assertThat(jar).as(codeUri + " (run `mvn -B package`)").isRegularFile();
            try (JarFile jf = new JarFile(jar.toFile())) {
                assertThat(service(jf, "ch.qos.logback.classic.spi.Configurator"))
                        .as(codeUri + ": Logback finds the JSON configuration through its service file, before any logback.xml")
                        .isEqualTo("com.tradinginfra.pm.config.JsonLogConfigurator");
                assertThat(service(jf, "software.amazon.lambda.powertools.logging.internal.LoggingManager"))
                        .as(codeUri + ": Powertools applies POWERTOOLS_LOG_LEVEL through it").isEqualTo("com.tradinginfra.pm.config.LogbackLevels");
                assertThat(jf.getEntry("com/tradinginfra/pm/config/JsonLogEncoder.class")).isNotNull();
                assertThat(jf.getEntry("ch/qos/logback/classic/LoggerContext.class")).isNotNull();
                assertThat(jf.stream().map(JarEntry::getName)).as(codeUri + ": no second logging backend")
                        .noneMatch(n -> n.startsWith("org/apache/logging/") || n.startsWith("logback") && n.endsWith(".xml"));
            }
        }
    }

    private static String service(JarFile jar, String type) throws IOException {
        JarEntry entry = jar.getJarEntry("META-INF/services/" + type);
        assertThat(entry).as("META-INF/services/" + type).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
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

    // ------------------------------------------------------------------ sam build

    @Test
    void everyFunctionIsBuiltByItsMakefileTargetIntoTheLibFolderOfItsPackage() throws IOException {
        String makefile = makefile();
        for (var fn : ofType("AWS::Serverless::Function").entrySet()) {
            // SAM CLI (app_builder, workflow_config): BuildMethod makefile runs `make build-<LogicalId>` in CodeUri
            assertThat(map(fn.getValue().get("Metadata")).get("BuildMethod")).as(fn.getKey() + " BuildMethod").isEqualTo("makefile");
            assertThat(map(fn.getValue().get("Properties")).get("CodeUri")).as(fn.getKey() + " CodeUri").isEqualTo(".");
            assertThat(makefile).as("Makefile target build-" + fn.getKey()).containsPattern("(?m)^\\$\\(FUNCTIONS\\): ");
            assertThat(makefile).containsPattern("(?m)^FUNCTIONS := .*\\bbuild-" + fn.getKey() + "\\b");
            assertThat(jarOf(fn.getKey())).as(fn.getKey() + " jar").matches("functions/[a-z-]+/target/[a-z-]+-lambda\\.jar");
        }
        // the Java runtime loads the package's root and lib/*.jar (the runtime client's CustomerClassLoader):
        // a jar at the root of ARTIFACTS_DIR would not be on the class path
        assertThat(makefile).contains("cp \"$(ROOT)/$(JAR)\" \"$(ARTIFACTS_DIR)/lib/\"");
        // Maven once for all targets, behind a stamp
        assertThat(makefile).containsPattern("(?m)^\\$\\(FUNCTIONS\\): \\$\\(STAMP\\)$");
        assertThat(makefile.split("package -pl", -1)).as("one Maven invocation").hasSize(2);

        String samconfig = Files.readString(root.resolve("samconfig.toml"));
        assertThat(samconfig).contains("version = 0.1", "stack_name = \"position-manager\"", "resolve_s3 = true",
                "capabilities = \"CAPABILITY_IAM\"", "confirm_changeset = true");
        assertThat(samconfig).as("the region is asked by sam deploy --guided").doesNotContain("region =");
    }

    // ------------------------------------------------------------------ parameters vs Configuration

    /** A valid environment but for the variable under test. */
    static Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ACCOUNT_NAME", "large");
        env.put("DB_URL", "jdbc:postgresql://db/pm");
        env.put("ALPACA_API_KEY_ID", "key");
        env.put("ALPACA_API_SECRET_KEY", "secret");
        return env;
    }

    static boolean configurationAccepts(String variable, String value) {
        Map<String, String> env = baseEnvironment();
        env.put(variable, value);
        try {
            com.tradinginfra.pm.config.Configuration.from(new com.tradinginfra.pm.config.Environment(env));
            return true;
        } catch (com.tradinginfra.pm.config.ConfigurationException e) {
            return false;
        }
    }

    /** Template parameter → the variable it sets, from Globals (e.g. DefaultStopLossPct → DEFAULT_STOP_LOSS_PCT). */
    static Map<String, String> variablesOfParameters() {
        Map<String, String> byParameter = new LinkedHashMap<>();
        map(map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables")).forEach((name, value) -> {
            if (value instanceof Map<?, ?> m && m.get("Ref") instanceof String ref && map(template.get("Parameters")).containsKey(ref)) {
                byParameter.put(ref, name);
            }
        });
        return byParameter;
    }

    @Test
    void everyNumberParameterDeploysExactlyTheRangeConfigurationAccepts() {
        Map<String, Object> parameters = map(template.get("Parameters"));
        int checked = 0;
        for (var e : variablesOfParameters().entrySet()) {
            Map<String, Object> p = map(parameters.get(e.getKey()));
            if (!"Number".equals(p.get("Type"))) {
                continue;
            }
            String variable = e.getValue();
            assertThat(p).as(e.getKey() + ": Configuration bounds " + variable).containsKeys("MinValue", "MaxValue", "Default");
            java.math.BigDecimal min = decimal(p.get("MinValue"));
            java.math.BigDecimal max = decimal(p.get("MaxValue"));
            // integer parameters step by 1; percents by 0.01, the precision of their bounds (Configuration's
            // percent bounds are exclusive: "above 0 and below 100" deploys as 0.01 to 99.99)
            java.math.BigDecimal step = Stream.of(min, max, decimal(p.get("Default"))).allMatch(v -> v.stripTrailingZeros().scale() <= 0)
                    ? java.math.BigDecimal.ONE : new java.math.BigDecimal("0.01");
            for (java.math.BigDecimal accepted : List.of(min, max, decimal(p.get("Default")))) {
                assertThat(configurationAccepts(variable, accepted.toPlainString()))
                        .as(e.getKey() + " deploys " + accepted + ": " + variable + "=" + accepted + " must start").isTrue();
            }
            for (java.math.BigDecimal refused : List.of(min.subtract(step), max.add(step))) {
                assertThat(configurationAccepts(variable, refused.toPlainString()))
                        .as(e.getKey() + " refuses " + refused + ": Configuration must refuse it too (else the template is narrower)").isFalse();
            }
            checked++;
        }
        assertThat(checked).isEqualTo(11);
        // the account's budget, set once for every function
        String budget = (String) map(map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables"))
                .get("BROKER_REQUESTS_PER_MINUTE");
        assertThat(configurationAccepts("BROKER_REQUESTS_PER_MINUTE", budget)).as("budget " + budget).isTrue();
    }

    @Test
    void stringParametersAllowOnlyWhatConfigurationAccepts() {
        Map<String, Object> parameters = map(template.get("Parameters"));
        String account = (String) map(parameters.get("AccountName")).get("AllowedPattern");
        for (String sample : List.of("large", "a.b", "x-y_z", "A1", "a b", "", "a/b", "é", "x".repeat(50), "x".repeat(51))) {
            assertThat(sample.matches(account)).as("AccountName '" + sample + "'").isEqualTo(configurationAccepts("ACCOUNT_NAME", sample));
        }
        String dataUrl = (String) map(parameters.get("AlpacaDataUrl")).get("AllowedPattern");
        for (String sample : List.of("https://data.alpaca.markets", "http://simulator:8089", "https://h/v2", "ftp://x", "data.alpaca.markets", "https://")) {
            assertThat(sample.matches(dataUrl)).as("AlpacaDataUrl '" + sample + "'").isEqualTo(configurationAccepts("ALPACA_DATA_URL", sample));
        }
        for (Object url : list(map(parameters.get("AlpacaTradingUrl")).get("AllowedValues"))) {
            assertThat(configurationAccepts("ALPACA_TRADING_URL", (String) url)).as("AlpacaTradingUrl " + url).isTrue();
        }
        assertThat(map(parameters.get("AlpacaTradingUrl")).get("Default")).isEqualTo(com.tradinginfra.pm.config.Configuration.PAPER_TRADING_URL);
        String partial = (String) map(parameters.get("TakePartialProfitPct")).get("AllowedPattern");
        for (String sample : List.of("", "5", "7.5", "0.5", "999.99", "0", "0.0", "1000", "5%", "-1", "abc")) {
            assertThat(sample.matches(partial)).as("TakePartialProfitPct '" + sample + "'")
                    .isEqualTo(configurationAccepts("TAKE_PARTIAL_PROFIT_PCT", sample));
        }
        assertThat(map(parameters.get("TakePartialProfitPct")).get("Default")).isEqualTo("");
        for (Object flag : list(map(parameters.get("BreakevenAfterPartial")).get("AllowedValues"))) {
            assertThat(configurationAccepts("BREAKEVEN_AFTER_PARTIAL", (String) flag)).as("BreakevenAfterPartial " + flag).isTrue();
        }
    }

    static java.math.BigDecimal decimal(Object yaml) {
        return new java.math.BigDecimal(String.valueOf(yaml));
    }

    // ------------------------------------------------------------------ scaling and the broker's budget

    @Test
    void everyQueueConsumerIsCappedAndTheAccountsBudgetIsOneForAllFunctions() {
        Map<String, Object> globals = map(map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables"));
        int budget = Integer.parseInt((String) globals.get("BROKER_REQUESTS_PER_MINUTE"));
        assertThat(budget).as("the account's trading requests a minute, all containers together (Alpaca allows 200)")
                .isBetween(2, 199);
        for (var fn : ofType("AWS::Serverless::Function").entrySet()) {
            Map<String, Object> p = map(fn.getValue().get("Properties"));
            Map<String, Object> vars = map(map(p.get("Environment")).get("Variables"));
            assertThat(vars).as(fn.getKey() + ": no budget of its own, the account's is shared").doesNotContainKey("BROKER_REQUESTS_PER_MINUTE");
            assertThat(vars.get("BROKER_REQUEST_PRIORITY")).as(fn.getKey() + " priority")
                    .isEqualTo(fn.getKey().equals("CloseOrderFunction") ? "close" : null);
            assertThat(configurationAccepts("BROKER_REQUEST_PRIORITY", (String) vars.getOrDefault("BROKER_REQUEST_PRIORITY", "routine")))
                    .isTrue();
            for (Object e : map(p.get("Events")).values()) {
                if ("SQS".equals(map(e).get("Type"))) {
                    Object scaling = map(map(e).get("Properties")).get("ScalingConfig");
                    assertThat(scaling).as(fn.getKey() + " ScalingConfig").isNotNull();
                    int concurrency = ((Number) map(scaling).get("MaximumConcurrency")).intValue();
                    assertThat(concurrency).as(fn.getKey() + " MaximumConcurrency (SQS allows 2 to 1000)").isBetween(2, 1000);
                } else {
                    // the schedule: one tick a minute, and a tick ends (Timeout) before the next
                    assertThat(map(e).get("Type")).isEqualTo("Schedule");
                    assertThat(functionTimeout(fn.getKey())).isLessThan(60);
                }
            }
        }
    }

    @Test
    void closeQueueServesABurstWithoutWaitingAndAClosesWaitsFitItsTimeout() {
        Map<String, Object> closes = map(map(map(map(ofType("AWS::Serverless::Function").get("CloseOrderFunction")).get("Properties"))
                .get("Events")).get("Closes"));
        Map<String, Object> p = map(closes.get("Properties"));
        assertThat(((Number) p.get("MaximumBatchingWindowInSeconds")).intValue()).as("a close waits for no batch").isZero();
        int batch = ((Number) p.get("BatchSize")).intValue();
        int concurrency = ((Number) map(p.get("ScalingConfig")).get("MaximumConcurrency")).intValue();
        assertThat(batch * concurrency).as("a crash day's 50 closes in one wave").isGreaterThanOrEqualTo(50);
        // a close waits at most twice AccountBudget.CLOSE_WAIT per invocation, well within its timeout
        assertThat(2 * com.tradinginfra.pm.broker.AccountBudget.CLOSE_WAIT.toSeconds()).isLessThan(functionTimeout("CloseOrderFunction") / 2);
    }

    // ------------------------------------------------------------------ local invoke

    @Test
    void theVariablesEnvJsonSetsForLocalUseAreDeclaredEmpty() throws IOException {
        Map<String, Object> vars = map(map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables"));
        for (String local : List.of("AWS_ENDPOINT_URL", "ALPACA_API_KEY_ID", "ALPACA_API_SECRET_KEY", "DB_PASSWORD")) {
            // absent in AWS (an empty AWS_ENDPOINT_URL stops the AWS SDK), empty under sam local until env.json sets it
            assertThat(vars.get(local)).as(local + " declared for sam local invoke, absent in AWS")
                    .isEqualTo(Map.of("Ref", "AWS::NoValue"));
        }
        Map<String, Object> env;
        try (Reader in = Files.newBufferedReader(root.resolve("events/env.json"), StandardCharsets.UTF_8)) {
            env = CloudFormationYaml.load(in);
        }
        for (var fn : env.entrySet()) {
            Map<String, Object> local = map(fn.getValue());
            assertThat(local).as("env.json " + fn.getKey()).containsKeys("AWS_ENDPOINT_URL", "DB_URL", "DB_PASSWORD", "ALPACA_TRADING_URL");
            assertThat(local.get("DB_IAM_AUTH")).isEqualTo("false");
            Map<String, String> asStrings = new LinkedHashMap<>();
            local.forEach((k, v) -> asStrings.put(k, String.valueOf(v)));
            // what sam local invoke gives the function must start it
            com.tradinginfra.pm.config.Configuration.from(new com.tradinginfra.pm.config.Environment(asStrings),
                    com.tradinginfra.pm.config.Configuration.Sends.SWEEPS, com.tradinginfra.pm.config.Configuration.Sends.CLOSES);
        }
    }

    // ------------------------------------------------------------------ alarms and dashboard

    /** alarm → namespace, metric, dimension name, dimension value (a Ref/GetAtt or a literal). */
    static final Map<String, List<Object>> ALARMS = new LinkedHashMap<>();
    static {
        ALARMS.put("SweepDLQAlarm", List.of("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", Map.of("Fn::GetAtt", List.of("SweepDLQ", "QueueName"))));
        ALARMS.put("CloseDLQAlarm", List.of("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", Map.of("Fn::GetAtt", List.of("CloseDLQ", "QueueName"))));
        ALARMS.put("ExecutionDLQAlarm", List.of("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", Map.of("Fn::GetAtt", List.of("ExecutionDLQ", "QueueName"))));
        ALARMS.put("CloseQueueAgeAlarm", List.of("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", Map.of("Fn::GetAtt", List.of("CloseQueue", "QueueName"))));
        ALARMS.put("SweepQueueAgeAlarm", List.of("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", Map.of("Fn::GetAtt", List.of("SweepQueue", "QueueName"))));
        ALARMS.put("SyncNotRunningAlarm", List.of("AWS/Lambda", "Invocations", "FunctionName", Map.of("Ref", "SyncFunction")));
        for (String fn : List.of("Sync", "Execution", "Sweep", "CloseOrder")) {
            ALARMS.put(fn + "ErrorsAlarm", List.of("AWS/Lambda", "Errors", "FunctionName", Map.of("Ref", fn + "Function")));
            ALARMS.put(fn + "ThrottlesAlarm", List.of("AWS/Lambda", "Throttles", "FunctionName", Map.of("Ref", fn + "Function")));
        }
        ALARMS.put("CloseFailedAlarm", List.of(Map.of("Ref", "MetricsNamespace"), "CloseFailed", "Service", "pm-close-order"));
        ALARMS.put("BrokerUnauthorizedAlarm", List.of(Map.of("Ref", "MetricsNamespace"), "BrokerUnauthorized", "Service", "pm-close-order"));
        ALARMS.put("StalePositionsAlarm", List.of(Map.of("Ref", "MetricsNamespace"), "StalePositions", "Service", "pm-sync"));
        ALARMS.put("StuckClosingAlarm", List.of(Map.of("Ref", "MetricsNamespace"), "StuckClosingPositions", "Service", "pm-sync"));
        // FunctionMetrics.publish: 1 while ./pm pause is on
        ALARMS.put("TradingPausedAlarm", List.of(Map.of("Ref", "MetricsNamespace"), "TradingPaused", "Service", "pm-sync"));
    }

    @Test
    void everyAlarmWatchesItsMetricAndNotifiesTheTopic() {
        Map<String, Map<String, Object>> alarms = ofType("AWS::CloudWatch::Alarm");
        assertThat(alarms.keySet()).as("alarms of template.yaml").containsExactlyInAnyOrderElementsOf(ALARMS.keySet());
        ALARMS.forEach((id, metric) -> {
            Map<String, Object> p = props(id);
            assertThat(p.get("Namespace")).as(id + " Namespace").isEqualTo(metric.get(0));
            assertThat(p.get("MetricName")).as(id + " MetricName").isEqualTo(metric.get(1));
            assertThat(list(p.get("Dimensions"))).as(id + " Dimensions")
                    .containsExactly(Map.of("Name", metric.get(2), "Value", metric.get(3)));
            assertThat(list(p.get("AlarmActions"))).as(id + " AlarmActions").containsExactly(Map.of("Ref", "AlarmTopicArn"));
            assertThat(list(p.get("OKActions"))).as(id + " OKActions").containsExactly(Map.of("Ref", "AlarmTopicArn"));
            assertThat(p).as(id).containsKeys("Statistic", "Period", "EvaluationPeriods", "Threshold", "ComparisonOperator", "TreatMissingData");
        });
        // "> 0" for every count; the sync must run at least once in 5 minutes; ages in seconds
        for (String id : List.of("CloseFailedAlarm", "BrokerUnauthorizedAlarm", "StalePositionsAlarm", "StuckClosingAlarm", "SyncErrorsAlarm",
                "CloseDLQAlarm", "TradingPausedAlarm")) {
            assertThat(props(id).get("ComparisonOperator")).as(id).isEqualTo("GreaterThanThreshold");
            assertThat(((Number) props(id).get("Threshold")).doubleValue()).as(id).isZero();
        }
        assertThat(props("SyncNotRunningAlarm").get("TreatMissingData")).isEqualTo("breaching");
        // a single tick with the pause on is enough: the operator should hear of it at once
        assertThat(props("TradingPausedAlarm").get("EvaluationPeriods")).isEqualTo(1);
        // the function metrics' dimension is Powertools' Service: the function's POWERTOOLS_SERVICE_NAME
        assertThat(serviceName("SyncFunction")).isEqualTo("pm-sync");
        assertThat(serviceName("CloseOrderFunction")).isEqualTo("pm-close-order");
        assertThat(map(map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables"))
                .get("POWERTOOLS_METRICS_NAMESPACE")).isEqualTo(Map.of("Ref", "MetricsNamespace"));
    }

    @Test
    void theDashboardShowsEveryAlarmAndEveryAlarmedMetric() {
        Map<String, Map<String, Object>> dashboards = ofType("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        String body = (String) map(map(dashboards.values().iterator().next().get("Properties")).get("DashboardBody")).get("Fn::Sub");
        // every ${...} of the Sub names a parameter, a pseudo parameter or a resource (attribute)
        Matcher ref = Pattern.compile("\\$\\{([^}]+)}").matcher(body);
        Set<String> names = new TreeSet<>();
        while (ref.find()) {
            String name = ref.group(1);
            names.add(name);
            String id = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            assertThat(id.startsWith("AWS::") || resources.containsKey(id) || map(template.get("Parameters")).containsKey(id))
                    .as("dashboard ${" + name + "}").isTrue();
        }
        // valid JSON once substituted
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(body.replaceAll("\\$\\{([^}]+)}", "$1")).getAsJsonObject();
        List<String> alarmWidget = new ArrayList<>();
        List<List<String>> metrics = new ArrayList<>();
        for (var w : json.getAsJsonArray("widgets")) {
            var widget = w.getAsJsonObject();
            var properties = widget.getAsJsonObject("properties");
            if (widget.get("type").getAsString().equals("alarm")) {
                properties.getAsJsonArray("alarms").forEach(a -> alarmWidget.add(a.getAsString()));
            } else {
                assertThat(widget.get("type").getAsString()).isEqualTo("metric");
                assertThat(properties.has("region")).as("metric widgets need a region").isTrue();
                for (var m : properties.getAsJsonArray("metrics")) {
                    List<String> row = new ArrayList<>();
                    m.getAsJsonArray().forEach(x -> row.add(x.getAsString()));
                    metrics.add(row);
                }
            }
        }
        assertThat(alarmWidget).containsExactlyInAnyOrderElementsOf(ALARMS.keySet().stream().map(a -> a + ".Arn").toList());
        ALARMS.forEach((id, metric) -> assertThat(metrics).as("dashboard metric of " + id).contains(List.of(
                substituted(metric.get(0)), (String) metric.get(1), (String) metric.get(2), substituted(metric.get(3)))));
        // the health view's gauges and the sweep age the sync publishes (FunctionMetrics)
        for (String gauge : List.of("OpenPositions", "ClosingPositions", "MissingBrackets", "CloseFailedPositions",
                "ExpiringSoonPositions", "LastSweepAgeSeconds")) {
            assertThat(metrics).as("dashboard " + gauge).contains(List.of("MetricsNamespace", gauge, "Service", "pm-sync"));
        }
    }

    /** A template value as it reads in the dashboard body once ${X} is replaced by X. */
    static String substituted(Object value) {
        if (value instanceof String s) {
            return s;
        }
        Map<String, Object> m = map(value);
        return m.containsKey("Ref") ? (String) m.get("Ref") : String.join(".", list(m.get("Fn::GetAtt")).stream().map(String::valueOf).toList());
    }

    static String serviceName(String function) {
        return (String) map(map(props(function).get("Environment")).get("Variables")).get("POWERTOOLS_SERVICE_NAME");
    }

    // ------------------------------------------------------------------ helpers

    static String sqsBody(String file) {
        SQSEvent event = EventLoader.loadSQSEvent(root.resolve("events").resolve(file).toString());
        assertThat(event.getRecords()).hasSize(1);
        assertThat(event.getRecords().get(0).getEventSource()).isEqualTo("aws:sqs");
        return event.getRecords().get(0).getBody();
    }

    /** The shaded jars the Makefile's targets copy, one per function (several functions may share one). */
    static Set<String> codeUris() {
        return ofType("AWS::Serverless::Function").keySet().stream().map(TemplateTest::jarOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The jar the Makefile's {@code build-<function>} target puts into the function's package. */
    static String jarOf(String function) {
        Matcher m = Pattern.compile("(?m)^build-" + function + ": JAR := (\\S+)$").matcher(makefile());
        assertThat(m.find()).as("Makefile: build-" + function + ": JAR := <jar>").isTrue();
        return m.group(1);
    }

    static String makefile() {
        try {
            return Files.readString(root.resolve("Makefile"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
