package dev.hookline.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands tests an {@link Emulators}: declare a parameter of that type on a
 * test, a constructor or a {@code @BeforeAll} method. The emulators start once per test run (the
 * root store holds them) and stop when the run ends.
 */
public final class EmulatorsExtension implements ParameterResolver, ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Emulators.class);

    /** Skips (rather than fails) the tests when the chosen backend cannot run here, e.g. LocalStack without Docker. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Availability availability = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("availability",
                key -> new Availability(Emulators.unavailableReason()), Availability.class);
        return availability.reason() == null ? ConditionEvaluationResult.enabled("emulators can run here")
                : ConditionEvaluationResult.disabled(availability.reason());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Emulators.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return emulators(context);
    }

    public static Emulators emulators(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("emulators", key -> new Closing(Emulators.start()), Closing.class)
                .emulators();
    }

    /** Checked once per run: asking Docker costs time. */
    private record Availability(String reason) {
    }

    /** Lets JUnit stop the emulators at the end of the run. */
    private record Closing(Emulators emulators) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            emulators.close();
        }
    }
}
