package dev.hookline.bench;

/** Entry-point wrapper for the benchmark programs. */
public final class BenchMain {
    /** A benchmark body that may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private BenchMain() {
    }

    /**
     * Runs the body and exits: the in-process emulators' threads would otherwise keep the JVM
     * alive, and a failure must reach bench/run as a non-zero exit code.
     */
    public static void runAndExit(Body body) {
        try {
            body.run();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
