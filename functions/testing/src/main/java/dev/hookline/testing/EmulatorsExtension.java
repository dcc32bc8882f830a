package dev.hookline.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands tests an {@link Emulators}: declare a parameter of that type on a
 * test, a constructor or a {@code @BeforeAll} method. The emulators start once per test run (the
 * root store holds them) and stop when the run ends.
 */
public final class EmulatorsExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Emulators.class);

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

    /** Lets JUnit stop the emulators at the end of the run. */
    private record Closing(Emulators emulators) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            emulators.close();
        }
    }
}
