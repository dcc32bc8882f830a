package dev.hookline.bench.verify;

import dev.hookline.bench.Results;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link SignatureBenchmark} (short: the whole of bench/run should take about 20 minutes) and
 * writes per size the median time of each side, JMH's 99.9 % error, and the two ratios with targets:
 * hookline / reference ≤ 1.0 at every size, hookline / raw HMAC ≤ 1.2 at 256 KiB.
 *
 * <p>Arguments (optional): forks, warmup iterations, measurement iterations (1 s each).
 */
public final class SignatureBench {
    public static void main(String[] args) throws Exception {
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Options options = new OptionsBuilder()
                .include(SignatureBenchmark.class.getName() + ".*")
                .forks(forks)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> runs = new Runner(options).run();
        Map<String, double[]> byKey = new HashMap<>();
        for (RunResult run : runs) {
            String method = run.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String size = run.getParams().getParam("size");
            var stats = run.getPrimaryResult().getStatistics();
            byKey.put(method + "@" + size, new double[]{stats.getPercentile(50), run.getPrimaryResult().getScoreError()});
        }
        Results results = new Results("1 signature verification (JMH, µs/op, median ± 99.9% error)");
        for (String size : List.of("1024", "16384", "262144")) {
            String label = Integer.parseInt(size) / 1024 + " KiB";
            double[] hookline = byKey.get("hookline@" + size);
            double[] fromString = byKey.get("hooklineFromString@" + size);
            double[] reference = byKey.get("reference@" + size);
            double[] raw = byKey.get("rawHmac@" + size);
            results.info(label + ": hookline / reference lib / raw HMAC",
                    us(hookline) + " / " + us(reference) + " / " + us(raw));
            results.info(label + ": hookline incl. String→bytes", us(fromString));
            double[] signatureOnly = byKey.get("hooklineSignatureOnly@" + size);
            results.info(label + ": hookline's signature check alone (body not JSON) / its JSON tree parse of the body"
                    + " / prototype: HMAC + streaming scan for type", us(signatureOnly) + " / "
                    + us(byKey.get("jsonTreeParse@" + size)) + " / " + us(byKey.get("hmacPlusStreamingType@" + size)));
            results.info(label + ": signature check alone ÷ reference lib / ÷ raw HMAC",
                    Results.f(signatureOnly[0] / reference[0], 2) + " / " + Results.f(signatureOnly[0] / raw[0], 2));
            double vsReference = hookline[0] / reference[0];
            results.target(label + ": hookline ÷ reference lib", Results.f(vsReference, 2), "≤ 1.00",
                    vsReference <= 1.0);
            double vsRaw = hookline[0] / raw[0];
            if (size.equals("262144")) {
                results.target(label + ": hookline ÷ raw HMAC", Results.f(vsRaw, 2), "≤ 1.20", vsRaw <= 1.2);
            } else {
                results.info(label + ": hookline ÷ raw HMAC", Results.f(vsRaw, 2));
            }
        }
    }

    private static String us(double[] medianAndError) {
        int decimals = medianAndError[0] < 10 ? 2 : medianAndError[0] < 100 ? 1 : 0;
        return Results.f(medianAndError[0], decimals) + " ± " + Results.f(medianAndError[1], decimals);
    }
}
