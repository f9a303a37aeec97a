package dev.curfew.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.SimpleHistogramBin;
import org.jfree.data.statistics.SimpleHistogramDataset;

/** The report's charts, drawn by JFreeChart and returned as PNG {@code data:} URIs for a self-contained page. */
final class ReportCharts {
    static final int WIDTH = 900;
    static final int HEIGHT = 360;
    private static final Color[] PALETTE = {new Color(0x2f6db5), new Color(0xe0803a), new Color(0x3c9a5f),
        new Color(0xc44e52), new Color(0x8172b2), new Color(0x937860), new Color(0xda8bc3), new Color(0x8c8c8c)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);

    private ReportCharts() {
    }

    /** Actions per day, one stacked bar per day, one colour per rule. */
    static String actionsPerDay(Map<LocalDate, Map<String, Long>> perDayAndRule) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        TreeSet<String> rules = new TreeSet<>();
        perDayAndRule.values().forEach(m -> rules.addAll(m.keySet()));
        perDayAndRule.keySet().stream().sorted().forEach(day -> {
            for (String rule : rules) {
                data.addValue(perDayAndRule.get(day).getOrDefault(rule, 0L), rule, day.toString());
            }
        });
        JFreeChart chart = ChartFactory.createStackedBarChart("Actions per day, by rule", "day", "actions", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = style(chart).getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        barColours((BarRenderer) plot.getRenderer(), rules.size());
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return png(chart);
    }

    /** Bar widths a histogram of idle minutes may have: whole minutes, then quarters and whole hours. */
    private static final long[] BIN_MINUTES = {1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 720, 1440};

    /** One bar of the idle histogram: {@code [fromMinutes, toMinutes)} and its disconnects. */
    record Bin(long fromMinutes, long toMinutes, long disconnects) {
    }

    /**
     * The idle histogram as drawn: its image, its bars, and the ranges its axes were drawn with (the
     * page says them, for readers who cannot see the image, and tests check them).
     */
    record Histogram(String dataUri, List<Bin> bins, double fromMinutes, double toMinutes, double mostDisconnects) {
    }

    /**
     * How long sessions had been idle when they were disconnected, in minutes: about sqrt(n) bars
     * (1 to 24) of a whole number of minutes each, counts as they are (not densities).
     */
    static Histogram idleHistogram(NavigableMap<Long, Long> idleSeconds) {
        List<Bin> bins = bins(idleSeconds);
        SimpleHistogramDataset data = new SimpleHistogramDataset("disconnects");
        data.setAdjustForBinSize(false);
        for (Bin b : bins) {
            SimpleHistogramBin bin = new SimpleHistogramBin(b.fromMinutes(), b.toMinutes(), true, false);
            bin.setItemCount((int) Math.min(Integer.MAX_VALUE, b.disconnects()));
            data.addBin(bin);
        }
        JFreeChart chart = ChartFactory.createHistogram("Idle time at disconnect", "idle (minutes)", "disconnects",
                data, PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = style(chart).getXYPlot();
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(true);
        renderer.setSeriesOutlinePaint(0, Color.WHITE);
        renderer.setSeriesOutlineStroke(0, new BasicStroke(1f));
        renderer.setSeriesPaint(0, PALETTE[0]);
        NumberAxis minutes = (NumberAxis) plot.getDomainAxis();
        minutes.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis count = (NumberAxis) plot.getRangeAxis();
        count.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        if (!bins.isEmpty()) {
            // A bar or two would fill the whole width: the axis shows at least ten minutes around them.
            long from = bins.get(0).fromMinutes();
            long to = bins.get(bins.size() - 1).toMinutes();
            long pad = Math.max(1, (11 - (to - from)) / 2);
            minutes.setRange(Math.max(0, from - pad), to + pad);
            long most = bins.stream().mapToLong(Bin::disconnects).max().orElse(1);
            count.setRange(0, Math.max(1, most * 1.1));
        }
        String uri = png(chart);
        return new Histogram(uri, bins, minutes.getLowerBound(), minutes.getUpperBound(), count.getUpperBound());
    }

    /** The bars: starting at a multiple of their width, wide enough for at most sqrt(n) of them (24 at most). */
    static List<Bin> bins(NavigableMap<Long, Long> idleSeconds) {
        long n = idleSeconds.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return List.of();
        }
        long min = idleSeconds.firstKey() / 60;
        long max = idleSeconds.lastKey() / 60;
        long wanted = Math.max(1, Math.min(24, (long) Math.ceil(Math.sqrt(n))));
        long width = width(min, max, wanted);
        long first = min / width * width;
        long[] counts = new long[(int) ((max - first) / width + 1)];
        idleSeconds.forEach((s, k) -> counts[(int) ((s / 60 - first) / width)] += k);
        List<Bin> out = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            out.add(new Bin(first + i * width, first + (i + 1) * width, counts[i]));
        }
        return out;
    }

    /** The users curfew acted on most, as horizontal bars split into warnings, disconnects and logoffs. */
    static String topUsers(List<Report.Tally> users) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Report.Tally t : users) {
            data.addValue(t.warnings(), "warnings", t.key());
            data.addValue(t.disconnects(), "disconnects", t.key());
            data.addValue(t.logoffs(), "logoffs", t.key());
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Top users", "user", "actions", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = style(chart).getCategoryPlot();
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        barColours((BarRenderer) plot.getRenderer(), 3);
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return png(chart);
    }

    private static long width(long min, long max, long wanted) {
        for (long w : BIN_MINUTES) {
            if (max / w - min / w + 1 <= wanted) {
                return w;
            }
        }
        return BIN_MINUTES[BIN_MINUTES.length - 1];
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE);
        chart.getPlot().setBackgroundPaint(new Color(0xf7f7f7));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    private static void barColours(BarRenderer renderer, int series) {
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setMaximumBarWidth(0.08);
        for (int i = 0; i < series; i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
    }

    private static String png(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeScaledChartAsPNG(out, chart, WIDTH, HEIGHT, 2, 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
