package dev.sluice.bench.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Line charts as PNG with nothing but Java2D and ImageIO: a latency-by-percentile chart
 * (HdrHistogram style, x axis in "nines") and a deliveries-per-second timeline.
 */
final class PlotWriter {

    private static final int W = 900;
    private static final int H = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final List<Color> COLORS = List.of(new Color(0x1f77b4), new Color(0xd62728),
            new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd));

    private PlotWriter() {
    }

    /** Series: name → x/y points (x and y arrays of equal length). */
    record Series(double[] x, double[] y) {
    }

    /** Latency (ms) against percentile; x is the number of nines, 0 = p0 … 5 = p99.999. */
    static void latencyByPercentile(Path file, String title, Map<String, org.HdrHistogram.Histogram> byTarget)
            throws IOException {
        Map<String, Series> series = new LinkedHashMap<>();
        for (Map.Entry<String, org.HdrHistogram.Histogram> e : byTarget.entrySet()) {
            org.HdrHistogram.Histogram h = e.getValue();
            int steps = 400;
            double[] x = new double[steps + 1];
            double[] y = new double[steps + 1];
            for (int k = 0; k <= steps; k++) {
                double nines = k / 80.0;
                double p = 100.0 * (1 - Math.pow(10, -nines));
                x[k] = nines;
                y[k] = h.getValueAtPercentile(Math.min(p, 100.0)) / 1000.0;
            }
            series.put(e.getKey(), new Series(x, y));
        }
        draw(file, title, "percentile", "latency (ms)", series, new double[] {0, 1, 2, 3, 4, 5},
                new String[] {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"});
    }

    /** Deliveries per second over time (seconds from the first publish). */
    static void timeline(Path file, String title, Map<String, Series> byTarget) throws IOException {
        draw(file, title, "seconds since first publish", "deliveries / s", byTarget, null, null);
    }

    private static void draw(Path file, String title, String xLabel, String yLabel, Map<String, Series> series,
                             double[] xTicks, String[] xTickLabels) throws IOException {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series.values()) {
            for (int i = 0; i < s.x().length; i++) {
                minX = Math.min(minX, s.x()[i]);
                maxX = Math.max(maxX, s.x()[i]);
                maxY = Math.max(maxY, s.y()[i]);
            }
        }
        if (series.isEmpty() || maxX <= minX) {
            minX = 0;
            maxX = 1;
        }
        maxY = niceCeil(maxY <= 0 ? 1 : maxY * 1.05);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            double v = maxY * i / 5;
            int y = TOP + ph - (int) (ph * i / 5.0);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(format(v), 8, y + 4);
        }
        if (xTicks == null) {
            xTicks = new double[6];
            xTickLabels = new String[6];
            for (int i = 0; i <= 5; i++) {
                xTicks[i] = minX + (maxX - minX) * i / 5;
                xTickLabels[i] = format(xTicks[i]);
            }
        }
        for (int i = 0; i < xTicks.length; i++) {
            int x = LEFT + (int) (pw * (xTicks[i] - minX) / (maxX - minX));
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(x, TOP, x, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            g.drawString(xTickLabels[i], x - 14, TOP + ph + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.drawString(xLabel, LEFT + pw / 2 - 60, H - 18);
        g.drawString(yLabel, 8, TOP - 10);
        int c = 0;
        g.setStroke(new BasicStroke(2f));
        for (Map.Entry<String, Series> e : series.entrySet()) {
            Color color = COLORS.get(c % COLORS.size());
            g.setColor(color);
            Series s = e.getValue();
            for (int i = 1; i < s.x().length; i++) {
                g.drawLine(px(s.x()[i - 1], minX, maxX, pw), py(s.y()[i - 1], maxY, ph),
                        px(s.x()[i], minX, maxX, pw), py(s.y()[i], maxY, ph));
            }
            g.fillRect(LEFT + pw - 150, TOP + 12 + c * 18, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), LEFT + pw - 130, TOP + 18 + c * 18);
            c++;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static int px(double x, double minX, double maxX, int pw) {
        return LEFT + (int) Math.round(pw * (x - minX) / (maxX - minX));
    }

    private static int py(double y, double maxY, int ph) {
        return TOP + ph - (int) Math.round(ph * Math.min(y, maxY) / maxY);
    }

    private static double niceCeil(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * mag >= v) {
                return step * mag;
            }
        }
        return 10 * mag;
    }

    private static String format(double v) {
        if (v >= 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 10_000) {
            return String.format(java.util.Locale.ROOT, "%.0fk", v / 1e3);
        }
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
