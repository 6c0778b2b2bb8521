package com.tradinginfra.pm.local;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handlers (functions/*) are thin: they reach the services through {@code app} and their wiring
 * through {@code config}, and otherwise use only Java, Lambda's types and Powertools' logging and
 * metrics. Checked here because this module has every function on its class path; the rules of
 * shared's layers are in shared's {@code ImportRulesTest}.
 */
class HandlerImportRulesTest {
    private static final JavaClasses HANDLERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.tradinginfra.pm.function");

    @Test
    void everyHandlerIsImported() {
        assertThat(HANDLERS.stream().map(c -> c.getSimpleName()))
                .contains("SyncHandler", "ExecutionHandler", "SweepHandler", "CloseOrderHandler");
    }

    @Test
    void handlersUseOnlyAppAndConfig() {
        classes().that().resideInAPackage("com.tradinginfra.pm.function..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.tradinginfra.pm.function..",
                        "com.tradinginfra.pm.app..", "com.tradinginfra.pm.config..",
                        // Lambda's event types; ScheduledEvent's time is a Joda DateTime
                        "com.amazonaws.services.lambda.runtime..", "org.joda.time..", "org.slf4j..",
                        "software.amazon.lambda.powertools.logging..", "software.amazon.lambda.powertools.metrics..")
                .check(HANDLERS);
    }
}
