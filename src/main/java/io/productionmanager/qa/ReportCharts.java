package io.productionmanager.qa;

import io.productionmanager.production.Efficiency;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.math.BigDecimal;
import java.text.DateFormat;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.Date;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.BoxAndWhiskerCalculator;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import io.productionmanager.store.JobState;

/** Draws the three report charts with JFreeChart and saves them as PNG. */
final class ReportCharts {

    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    /** Reasons drawn as their own bar; the rest are summed into one "other" bar. */
    static final int MAX_REASON_BARS = 15;

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final Font NO_DATA_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 28);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Map<JobState, Color> STATE_COLORS = Map.of(
            JobState.PENDING, new Color(0x9E, 0x9E, 0x9E),
            JobState.QUEUED, new Color(0x1F, 0x77, 0xB4),
            JobState.RUNNING, new Color(0xFF, 0x7F, 0x0E),
            JobState.COMPLETED, new Color(0x2C, 0xA0, 0x2C),
            JobState.FAILED, new Color(0xD6, 0x27, 0x28),
            JobState.CANCELLED, new Color(0x94, 0x67, 0xBD));

    private ReportCharts() {
    }

    /** Step lines of the number of jobs in each state, from a reconstructed timeline. */
    static JFreeChart jobsPerStateOverTime(String production, List<StateTimeline.Point> timeline) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        if (!timeline.isEmpty()) {
            for (JobState state : JobState.values()) {
                // unsorted, duplicates allowed: the points already come in time order, and sorting 2,000 points x 6 is waste
                XYSeries series = new XYSeries(state.name(), false, true);
                for (StateTimeline.Point p : timeline) {
                    series.add(p.at().toEpochMilli(), p.count(state), false);
                }
                dataset.addSeries(series);
            }
        }
        DateAxis time = new DateAxis("Time (UTC)");
        time.setTimeZone(UTC);
        if (!timeline.isEmpty()
                && Duration.between(timeline.get(0).at(), timeline.get(timeline.size() - 1).at()).toHours() >= 24) {
            // the axis' own hour labels are ambiguous once the production spans more than a day
            time.setDateFormatOverride(utcFormat("MM-dd HH:mm"));
        }
        NumberAxis jobs = new NumberAxis("Jobs (count)");
        jobs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setDefaultShapesVisible(false);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, STATE_COLORS.get(JobState.valueOf((String) dataset.getSeriesKey(i))));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(dataset, time, jobs, renderer);
        style(plot);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        JFreeChart chart = new JFreeChart(production + ": jobs per state over time", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(timeline.isEmpty() ? "no state changes recorded"
                : "reconstructed from the job history, " + span(timeline) + ", " + timeline.size() + " time points"));
        plot.setNoDataMessage("No state changes recorded");
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Box-and-whisker plot of the runtime of COMPLETED jobs, one box per redshift. */
    static JFreeChart runtimeByRedshift(String production, List<ReportJob> jobs) {
        Map<Double, List<Double>> byRedshift = new TreeMap<>();
        double longest = 0;
        int count = 0;
        for (ReportJob job : jobs) {
            Double seconds = ReportSummary.stateOf(job) == JobState.COMPLETED ? ReportSummary.runtimeSeconds(job) : null;
            if (seconds != null) {
                byRedshift.computeIfAbsent(job.redshift(), z -> new ArrayList<>()).add(seconds);
                longest = Math.max(longest, seconds);
                count++;
            }
        }
        // pick a unit that keeps the axis numbers readable
        String unit = longest >= 7200 ? "h" : longest >= 120 ? "min" : "s";
        double divisor = unit.equals("h") ? 3600 : unit.equals("min") ? 60 : 1;
        DefaultBoxAndWhiskerCategoryDataset dataset = new DefaultBoxAndWhiskerCategoryDataset();
        for (Map.Entry<Double, List<Double>> e : byRedshift.entrySet()) {
            List<Double> scaled = e.getValue().stream().map(v -> v / divisor).toList();
            // shortest exact form ("0.5", "1.25") so twenty labels fit under their boxes
            dataset.add(withEveryOutlierDrawn(scaled), "runtime", BigDecimal.valueOf(e.getKey()).stripTrailingZeros().toPlainString());
        }
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(production + ": runtime of completed jobs by redshift",
                "Redshift z", "Runtime (" + unit + ")", dataset, false);
        CategoryPlot plot = chart.getCategoryPlot();
        style(plot);
        plot.setRangeGridlinePaint(GRID);
        BoxAndWhiskerRenderer renderer = (BoxAndWhiskerRenderer) plot.getRenderer();
        renderer.setSeriesPaint(0, new Color(0x1F, 0x77, 0xB4, 0xB0));
        renderer.setMeanVisible(false);
        renderer.setMaxOutlierVisible(true);
        renderer.setMaximumBarWidth(0.08);
        if (count > 0) {
            // the dataset's own bounds span the whiskers only; the axis must hold every job, the slowest above all
            double shortest = byRedshift.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).min()
                    .orElse(0) / divisor;
            double pad = Math.max((longest / divisor - shortest) * 0.05, longest / divisor * 0.01 + 1e-9);
            plot.getRangeAxis().setRange(Math.max(0, shortest - pad), longest / divisor + pad);
        }
        if (byRedshift.size() > 12) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        plot.setNoDataMessage("No completed jobs yet");
        chart.addSubtitle(new TextTitle(count + " completed jobs with start and end times; box = quartiles, line = median,"
                + " whiskers = 1.5 IQR, circles = every job beyond"));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * The box statistics of {@code values} with the outlier limits widened to the smallest and largest value.
     * JFreeChart otherwise treats values beyond 2 IQR as "far out": it leaves them out of the axis range and
     * draws a marker at the edge instead of the job, which hides exactly the slowest jobs one looks for.
     */
    static BoxAndWhiskerItem withEveryOutlierDrawn(List<Double> values) {
        BoxAndWhiskerItem item = BoxAndWhiskerCalculator.calculateBoxAndWhiskerStatistics(values);
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return new BoxAndWhiskerItem(item.getMean(), item.getMedian(), item.getQ1(), item.getQ3(),
                item.getMinRegularValue(), item.getMaxRegularValue(), min, max, item.getOutliers());
    }

    /** Horizontal bars of failed attempts per reason code; a plain "No failures" chart when there are none. */
    static JFreeChart failuresByReason(String production, Map<String, Integer> failuresByReason) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        int shown = 0;
        int other = 0;
        int total = 0;
        for (Map.Entry<String, Integer> e : failuresByReason.entrySet()) {
            total += e.getValue();
            if (shown < MAX_REASON_BARS) {
                dataset.addValue(e.getValue(), "failed attempts", e.getKey());
                shown++;
            } else {
                other += e.getValue();
            }
        }
        if (other > 0) {
            dataset.addValue(other, "failed attempts", "(" + (failuresByReason.size() - shown) + " other reasons)");
        }
        JFreeChart chart = ChartFactory.createBarChart(production + ": failures by reason", "Reason code",
                "Failed attempts (count)", dataset, PlotOrientation.HORIZONTAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        style(plot);
        plot.setRangeGridlinePaint(GRID);
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, STATE_COLORS.get(JobState.FAILED));
        renderer.setMaximumBarWidth(0.08);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
        renderer.setDefaultItemLabelsVisible(true);
        plot.setNoDataMessage("No failures");
        chart.addSubtitle(new TextTitle(total == 0 ? "no failed attempts recorded"
                : total + " failed attempts (every FAILED event, retried ones included), grouped by reason code;"
                + " the full reasons are in the report's tables"));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * Peak memory of the ended runs as a histogram, against the memory each run reserved (red line) and the
     * suggestion for the next production (green line); a plain "no memory measured" chart when no run reports it.
     */
    static JFreeChart memoryRequestedVsUsed(String production, Efficiency e) {
        org.jfree.data.statistics.HistogramDataset dataset = new org.jfree.data.statistics.HistogramDataset();
        double[] peaks = e == null ? new double[0] : e.peakMemoryGb();
        double requested = e == null ? 0 : e.requestedMemoryGb();
        if (peaks.length > 0) {
            double max = Math.max(requested, peaks[peaks.length - 1]) * 1.05;
            dataset.addSeries("runs", peaks, 40, 0, max);
        }
        JFreeChart chart = ChartFactory.createHistogram(production + ": peak memory used vs requested",
                "Memory (GB)", "Runs (count)", dataset, PlotOrientation.VERTICAL, false, false, false);
        org.jfree.chart.plot.XYPlot plot = chart.getXYPlot();
        style(plot);
        plot.setRangeGridlinePaint(GRID);
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        org.jfree.chart.renderer.xy.XYBarRenderer renderer = (org.jfree.chart.renderer.xy.XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, STATE_COLORS.get(JobState.COMPLETED));
        plot.setNoDataMessage("No memory measured");
        if (peaks.length > 0) {
            plot.addDomainMarker(marker(requested, "requested " + ReportFormat.number(requested) + " GB",
                    STATE_COLORS.get(JobState.FAILED)));
            if (e.suggestedMemoryGb() != null) {
                plot.addDomainMarker(marker(e.suggestedMemoryGb(), "suggested " + ReportFormat.number(e.suggestedMemoryGb())
                        + " GB", new Color(0x2E, 0x7D, 0x32)));
            }
            plot.getDomainAxis().setLowerBound(0);
        }
        chart.addSubtitle(new TextTitle(peaks.length == 0 ? "no ended run reports its peak memory"
                : peaks.length + " runs with a measured peak; memory efficiency median "
                + (e.memory().count() == 0 ? "n/a" : Math.round(e.memory().median() * 100) + "%")
                + ", suggestion = p99 peak + "
                + Math.round(Efficiency.MEMORY_MARGIN * 100) + "%"));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static org.jfree.chart.plot.ValueMarker marker(double x, String label, Color color) {
        org.jfree.chart.plot.ValueMarker m = new org.jfree.chart.plot.ValueMarker(x, color, new java.awt.BasicStroke(2.5f));
        m.setLabel(label);
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        return m;
    }

    private static String span(List<StateTimeline.Point> timeline) {
        DateFormat f = utcFormat("yyyy-MM-dd HH:mm");
        return f.format(Date.from(timeline.get(0).at())) + " to "
                + f.format(Date.from(timeline.get(timeline.size() - 1).at())) + " UTC";
    }

    private static DateFormat utcFormat(String pattern) {
        SimpleDateFormat f = new SimpleDateFormat(pattern, Locale.ROOT);
        f.setTimeZone(UTC);
        return f;
    }

    static void savePng(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private static void style(Plot plot) {
        Paint white = Color.WHITE;
        plot.setBackgroundPaint(white);
        plot.setNoDataMessageFont(NO_DATA_FONT);
        plot.setNoDataMessagePaint(Color.DARK_GRAY);
    }
}
