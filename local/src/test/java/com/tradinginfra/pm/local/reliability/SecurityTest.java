package com.tradinginfra.pm.local.reliability;

import com.tradinginfra.pm.domain.PositionStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets never appear in output or events; SQL is parameterised and filtered by account; IAM is scoped. */
class SecurityTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void secretsNeverAppearInLogsEventsOrErrors() throws Exception {
        Path out = Files.createTempFile("secrets-probe", ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SecretsProbe.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(output).as("probe output").contains("PROBE DONE").contains("event close_submitted").contains("event closed");
        assertThat(output).contains("wrong key:").contains("config error:").contains("DEFAULT_STOP_LOSS_PCT");
        for (String secret : List.of("SECRET-sec", "KEY-sec", "DBSECRET-sec")) {
            assertThat(output).as("output must not contain " + secret).doesNotContain(secret);
        }
    }

    @Test
    void everyStatementIsAConstantWithParametersAndFiltersByAccount() throws IOException {
        Path store = ROOT.resolve("shared/src/main/java/com/tradinginfra/pm/store");
        Pattern call = Pattern.compile("Sql\\.(?:query|update|prepare)\\(c, ([^,)]+)");
        // a constant's text up to its semicolon: literals, and the column lists they are joined with (+ COLUMNS)
        Pattern constant = Pattern.compile("private static final String (\\w+) = (\"[^;]*);", Pattern.DOTALL);
        int statements = 0;
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : files.toList()) {
                String source = Files.readString(file);
                assertThat(source).as(file + " builds no ad-hoc statement").doesNotContain("createStatement(");
                java.util.Map<String, String> sql = new java.util.HashMap<>();
                Matcher m = constant.matcher(source);
                while (m.find()) {
                    sql.put(m.group(1), m.group(2));
                }
                Matcher c = call.matcher(source);
                while (c.find()) {
                    String argument = c.group(1).trim();
                    if (argument.equals("sql")) {
                        continue; // the helper's own pass-through
                    }
                    assertThat(argument).as("SQL in " + file.getFileName() + " is a named constant").matches("[A-Z_]+");
                    String text = sql.get(argument);
                    assertThat(text).as(argument + " in " + file.getFileName()).isNotNull();
                    if (!argument.equals("SYNC_LOCK") || text.contains("?")) {
                        assertThat(text).as(argument + " is parameterised").contains("?");
                    }
                    if (text.matches("(?s).*\\b(active_positions|position_events|broker_fills|dispatch_executions|position_history|sweep_progress)\\b.*")) {
                        assertThat(text).as(argument + " in " + file.getFileName() + " names the account").contains("account_name");
                    }
                    statements++;
                }
            }
        }
        assertThat(statements).isGreaterThan(20);
    }

    @Test
    void everyStoreOperationTakesTheAccount() {
        List<String> without = new ArrayList<>();
        for (Method m : PositionStore.class.getMethods()) {
            boolean account = Stream.of(m.getParameters()).map(Parameter::getName).anyMatch("account"::equals);
            // These two take records that carry their account (NewLot, PositionEvent).
            boolean carried = m.getName().equals("track") || m.getName().equals("append");
            if (!account && !carried) {
                without.add(m.getName());
            }
        }
        assertThat(without).isEmpty();
    }

    @Test
    void theTemplateScopesIamAndConnectsWithIamTokensOverVerifiedTls() throws IOException {
        String template = Files.readString(ROOT.resolve("template.yaml"));
        assertThat(template).doesNotContainPattern("Action:\\s*['\"]?\\*['\"]?\\s*$");
        assertThat(template).doesNotContainPattern("-\\s*['\"]?[a-z0-9-]+:\\*['\"]?\\s*$");
        Matcher connect = Pattern.compile("rds-db:connect[\\s\\S]{0,300}?Resource:\\s*(.+)").matcher(template);
        assertThat(connect.find()).as("rds-db:connect statement").isTrue();
        assertThat(connect.group(1)).contains("dbuser:").contains("DbProxyResourceId").contains("DbUser");
        assertThat(template).contains("DB_IAM_AUTH: 'true'").contains("sslmode=verify-full");
    }
}
