package dev.sluice.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Samples a server process (and its descendants, so nginx's workers count) from {@code /proc}:
 * CPU time from {@code stat} (utime + stime, in clock ticks of 1/100 s, the Linux USER_HZ) and
 * resident memory from {@code statm}. Runs on its own daemon thread until closed.
 */
final class ProcessSampler implements AutoCloseable {

    /** One reading. */
    record Sample(long atNanos, double cpuSeconds, long rssBytes) {
    }

    private static final double TICKS_PER_SECOND = 100.0;
    private static final long PAGE = 4096;

    private final long pid;
    private final BenchClock clock;
    private final List<Sample> samples = new ArrayList<>(); // Guarded by this.
    private final Thread thread;
    private volatile boolean running = true;

    ProcessSampler(long pid, BenchClock clock, long intervalMillis) {
        this.pid = pid;
        this.clock = clock;
        this.thread = new Thread(() -> {
            while (running) {
                sampleNow();
                try {
                    Thread.sleep(intervalMillis); // the sampling period
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "process-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Takes a reading now (also recorded in the series). */
    Sample sampleNow() {
        double cpu = 0;
        long rss = 0;
        for (long p : tree(pid)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                String[] statm = Files.readString(Path.of("/proc", Long.toString(p), "statm")).split(" ");
                rss += Long.parseLong(statm[1]) * PAGE;
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading; skip it
            }
        }
        Sample s = new Sample(clock.now(), cpu, rss);
        synchronized (this) {
            samples.add(s);
        }
        return s;
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Average CPU use between two instants, in percent of one core. */
    double cpuPercentBetween(long fromNanos, long toNanos) {
        List<Sample> all = samples();
        if (all.isEmpty()) {
            return 0;
        }
        Sample a = all.get(0);
        Sample b = all.get(0);
        for (Sample s : all) {
            if (s.atNanos() <= fromNanos) {
                a = s;
            }
            if (s.atNanos() <= toNanos) {
                b = s;
            }
        }
        if (b.atNanos() <= a.atNanos()) {
            return 0;
        }
        return 100.0 * (b.cpuSeconds() - a.cpuSeconds()) / ((b.atNanos() - a.atNanos()) / 1e9);
    }

    long peakRss() {
        return samples().stream().mapToLong(Sample::rssBytes).max().orElse(0);
    }

    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** The process and all its descendants. */
    static Set<Long> tree(long root) {
        Set<Long> out = new HashSet<>();
        out.add(root);
        List<long[]> parentOf = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> {
                        try {
                            String stat = Files.readString(Path.of("/proc", n, "stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            parentOf.add(new long[] {Long.parseLong(n), Long.parseLong(f[1])});
                        } catch (IOException | RuntimeException e) {
                            // gone already
                        }
                    });
        } catch (IOException e) {
            return out;
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (long[] pp : parentOf) {
                if (out.contains(pp[1]) && out.add(pp[0])) {
                    grew = true;
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
