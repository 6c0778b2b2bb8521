package com.tradinginfra.pm.embedded;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Instant;
import java.util.Objects;

/**
 * One {@link EmbeddedStack} per test class, for the functions' handler tests: started before the
 * class's first test (the simulator at {@code simulatorStart}, every table truncated) and closed
 * after its last. Register it on a static field with {@code @RegisterExtension}; a test method
 * receives the stack as an {@link EmbeddedStack} parameter, other code reads {@link #stack()}.
 */
public final class EmbeddedStackExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final Instant simulatorStart;
    private EmbeddedStack stack;

    public EmbeddedStackExtension(Instant simulatorStart) {
        this.simulatorStart = Objects.requireNonNull(simulatorStart, "simulatorStart");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = EmbeddedStack.start(simulatorStart);
        stack.db().truncateAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /** The running stack, between the class's first test and its last. */
    public EmbeddedStack stack() {
        if (stack == null) {
            throw new IllegalStateException("the embedded stack runs only while its test class does:"
                    + " register EmbeddedStackExtension on a static field with @RegisterExtension");
        }
        return stack;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack();
    }
}
