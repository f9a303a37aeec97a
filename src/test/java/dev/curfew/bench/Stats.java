package dev.curfew.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a sample, nearest-rank. */
record Stats(int count, double p50, double p99, double max, double mean) {

    static Stats of(double[] values) {
        if (values.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return new Stats(v.length, rank(v, 0.50), rank(v, 0.99), v[v.length - 1], sum / v.length);
    }

    static Stats of(List<? extends Number> values) {
        return of(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    private static double rank(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
