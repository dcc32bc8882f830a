package dev.hookline.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Medians and spreads of repeated measurements (shared, noisy machines: medians, not means). */
public final class Stats {
    private Stats() {
    }

    public static double median(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static double min(Collection<? extends Number> values) {
        return sorted(values).get(0);
    }

    public static double max(Collection<? extends Number> values) {
        List<Double> sorted = sorted(values);
        return sorted.get(sorted.size() - 1);
    }

    public static double mean(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double sum = 0;
        for (Number v : values) {
            sum += v.doubleValue();
        }
        return sum / values.size();
    }

    private static List<Double> sorted(Collection<? extends Number> values) {
        List<Double> out = new ArrayList<>(values.size());
        for (Number v : values) {
            out.add(v.doubleValue());
        }
        Collections.sort(out);
        return out;
    }
}
