package com.tradinginfra.pm;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layers of shared: the domain is plain Java, and the application services reach the outside
 * only through the domain's ports and their own ({@code Outbound}). The handlers' rule is checked
 * where their classes are, in {@code local}'s {@code HandlerImportRulesTest}.
 */
class ImportRulesTest {
    private static final JavaClasses SHARED = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.tradinginfra.pm");

    @Test
    void theClassesAreThere() {
        assertThat(SHARED.containPackage("com.tradinginfra.pm.domain")).isTrue();
        assertThat(SHARED.containPackage("com.tradinginfra.pm.app")).isTrue();
    }

    @Test
    void theDomainUsesOnlyJava() {
        classes().that().resideInAPackage("com.tradinginfra.pm.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.tradinginfra.pm.domain..")
                .check(SHARED);
    }

    @Test
    void theApplicationServicesUseNoAdapter() {
        noClasses().that().resideInAPackage("com.tradinginfra.pm.app..")
                .should().dependOnClassesThat().resideInAnyPackage("com.tradinginfra.pm.store..", "com.tradinginfra.pm.broker..",
                        "com.tradinginfra.pm.queue..", "com.tradinginfra.pm.config..")
                .check(SHARED);
    }
}
