package dev.curfew.history;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
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

    /** How long sessions had been idle when they were disconnected, in minutes. */
    static String idleHistogram(NavigableMap<Long, Long> idleSeconds) {
        SimpleHistogramDataset data = new SimpleHistogramDataset("disconnects");
        long n = idleSeconds.values().stream().mapToLong(Long::longValue).sum();
        if (n > 0) {
            // The bins HistogramDataset would make from every value: sqrt(n) of them, 1 to 24, over min..max.
            int bins = (int) Math.max(1, Math.min(24, Math.ceil(Math.sqrt(n))));
            double min = idleSeconds.firstKey() / 60.0;
            double width = Math.max((idleSeconds.lastKey() / 60.0 - min) / bins, 1e-9);
            long[] counts = new long[bins];
            idleSeconds.forEach((s, k) -> counts[Math.min(bins - 1, (int) ((s / 60.0 - min) / width))] += k);
            for (int i = 0; i < bins; i++) {
                SimpleHistogramBin bin = new SimpleHistogramBin(min + i * width, min + (i + 1) * width, true,
                        i == bins - 1);
                bin.setItemCount((int) Math.min(Integer.MAX_VALUE, counts[i]));
                data.addBin(bin);
            }
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
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return png(chart);
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
