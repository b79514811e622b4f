package dev.sluice.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Runs one scenario against one target: forks the worker JVMs that hold the subscribers, waits
 * until they are connected, publishes, drains, merges what the workers measured with what the
 * {@link ProcessSampler} saw of the server, and writes {@code <target>-<scenario>.json}.
 */
public final class Coordinator {

    /** Subscribers per worker JVM: well below the 20,000 open files one process may hold. */
    public static final int MAX_SUBSCRIBERS_PER_WORKER = 9_000;
    /**
     * Event-loop threads per worker JVM. The generator shares the cores with the server, so this
     * moves every target's latency tail (docs/benchmarks.md); {@code -Dsluice.bench.ioThreads=N}
     * on the coordinator JVM (run-peers.sh: {@code BENCH_JAVA_OPTS}) changes it for a comparison.
     */
    static final int WORKER_IO_THREADS = Integer.getInteger("sluice.bench.ioThreads", 2);
    /** Longest wait after the idle scenario's connects before its idle CPU is measured. */
    static final Duration IDLE_SETTLE = Duration.ofSeconds(10);

    /**
     * How long a scenario waits for the server to close the previous scenario's connections
     * ({@link ServerConnections}): two 15 s heartbeats, the usual way an SSE server notices a
     * departed client it does not read from, with room for sweeping 15,000 of them.
     */
    static final Duration RELEASE_WAIT = Duration.ofSeconds(60);

    /** What to run, where, and how to observe the server. */
    public record Options(String targetName, TargetSpec target, ScenarioPlan plan, long serverPid,
                          boolean jvmServer, Path outDir, int sourceAddresses, String workerHeap,
                          Duration maxRun) {
    }

    private final Options o;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final BenchClock clock = BenchClock.anchored();

    public Coordinator(Options options) {
        this.o = options;
    }

    public Map<String, Object> run() throws Exception {
        ScenarioPlan plan = o.plan();
        java.util.Set<Integer> ports = new java.util.TreeSet<>(o.target().ports());
        ports.add(o.target().publishPort());
        Map<String, Object> released = ServerConnections.awaitReleased(o.serverPid(), ports, RELEASE_WAIT);
        if ((long) released.get("heldAtStart") > 0) {
            System.err.printf("   the server held %s connections from before; %s left after %s s%n",
                    released.get("heldAtStart"), released.get("stillHeld"), released.get("waitedSeconds"));
        }
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        Path work = Files.createDirectories(o.outDir().resolve("work"));
        long start = clock.now();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", o.targetName());
        r.put("scenario", plan.name());
        r.put("plan", plan.toMap());
        r.put("endpoints", o.target().endpoints());
        r.put("transport", SubscriberPool.transport());
        r.put("previousConnections", released);
        Map<String, Object> server = new LinkedHashMap<>();
        ProcessSampler sampler = o.serverPid() > 0 ? new ProcessSampler(o.serverPid(), clock, 500) : null;
        // The generator shares the server's cores: its own CPU (this JVM and the workers it forks)
        // says how much of the machine the measurement itself took.
        ProcessSampler generator = new ProcessSampler(ProcessHandle.current().pid(), clock, 500);
        List<WorkerHandle> workers = new ArrayList<>();
        Publisher pub = null;
        try {
            long rssBefore = sampler == null ? 0 : sampler.sampleNow().rssBytes();
            Optional<Long> heapBefore = idleHeap(plan);

            int n = Math.max(1, (plan.subscribers() + MAX_SUBSCRIBERS_PER_WORKER - 1) / MAX_SUBSCRIBERS_PER_WORKER);
            for (int i = 0; i < n; i++) {
                int first = (int) ((long) plan.subscribers() * i / n);
                int count = (int) ((long) plan.subscribers() * (i + 1) / n) - first;
                WorkerSpec ws = new WorkerSpec(i, o.target(), runId, first, count, plan.topics(), sources(),
                        plan.connectsPerSecond() / n, Math.max(1, plan.maxConnectsInFlight() / n),
                        plan.name().equals("replay"), start, clock.offsetNanos(), 100, 12_000, WORKER_IO_THREADS,
                        o.maxRun().toSeconds(), work.resolve(o.targetName() + "-" + plan.name() + "-w" + i + ".result.json")
                                .toString());
                Path specFile = work.resolve(o.targetName() + "-" + plan.name() + "-w" + i + ".json");
                json.writeValue(specFile.toFile(), ws);
                workers.add(WorkerHandle.fork(specFile, o.workerHeap(), json));
            }
            long connectTimeout = o.maxRun().toMillis();
            List<ConnectReport> connects = new ArrayList<>();
            for (WorkerHandle w : workers) {
                connects.add(w.awaitConnected(connectTimeout));
            }
            r.put("connect", connectSummary(connects));

            ProcessSampler.Sample idleFrom = null;
            if (!plan.hold().isZero()) {
                // The idle period being measured. Its CPU is taken after the connects have settled
                // (a third of it, at most IDLE_SETTLE) to its end: heartbeats included, which the
                // server sends every 15 s by default, so the hold spans more than one interval.
                long settle = Math.min(IDLE_SETTLE.toMillis(), plan.hold().toMillis() / 3);
                Thread.sleep(settle);
                idleFrom = sampler == null ? null : sampler.sampleNow();
                Thread.sleep(plan.hold().toMillis() - settle);
            }
            if (plan.name().equals("idle") && sampler != null) {
                long connected = connects.stream().mapToLong(ConnectReport::connected).sum();
                ProcessSampler.Sample idleTo = sampler.sampleNow();
                long rssAfter = idleTo.rssBytes();
                if (idleFrom != null) {
                    double seconds = (idleTo.atNanos() - idleFrom.atNanos()) / 1e9;
                    double cpu = idleTo.cpuSeconds() - idleFrom.cpuSeconds();
                    server.put("idleWindowSeconds", seconds);
                    server.put("idleCpuPercent", 100 * cpu / seconds);
                    server.put("idleCpuMicrosPerSecondPerSubscriber", connected == 0 ? 0 : cpu / seconds * 1e6 / connected);
                }
                server.put("rssBeforeBytes", rssBefore);
                server.put("rssIdleBytes", rssAfter);
                server.put("rssPerSubscriberBytes", connected == 0 ? 0 : (rssAfter - rssBefore) / connected);
                Optional<Long> heapAfter = idleHeap(plan);
                if (heapBefore.isPresent() && heapAfter.isPresent()) {
                    server.put("heapAfterGcBeforeBytes", heapBefore.get());
                    server.put("heapAfterGcIdleBytes", heapAfter.get());
                    server.put("heapPerSubscriberBytes",
                            connected == 0 ? 0 : (heapAfter.get() - heapBefore.get()) / connected);
                }
            }

            for (WorkerHandle w : workers) {
                w.send("GC");
            }
            for (WorkerHandle w : workers) {
                w.await("COLLECTED", 60_000);
            }
            // Opened only now: servers close idle keep-alive connections (Tomcat after 20 s).
            pub = new Publisher(o.target().target(), clock, runId, plan.topics(), plan.publishConnections(),
                    plan.payloadBytes());
            long publishStart = clock.now();
            long reconnectStart = 0;
            Duration maxPublish = o.maxRun();
            switch (plan.name()) {
                case "fanout" -> pub.runClosedLoop(plan.totalEvents(), maxPublish);
                case "latency", "many-topics" -> {
                    // The scenario is defined by time: a server that accepts publishes more slowly
                    // than offered shows as fewer events published (what is still queued 1 s after
                    // the last slot is never sent), not as a longer run.
                    Duration window = Duration.ofMillis((long) (1000 * plan.totalEvents() / plan.eventsPerSecond()) + 1000);
                    pub.runPaced(plan.eventsPerSecond(), plan.totalEvents(), window);
                }
                case "replay" -> {
                    pub.runClosedLoop(1, maxPublish);
                    for (WorkerHandle w : workers) {
                        w.send("AWAIT 1 30000");
                        w.await("AWAITED", 60_000);
                        w.send("DISCONNECT");
                        w.await("DISCONNECTED", 60_000);
                    }
                    pub.runClosedLoop(plan.totalEvents(), maxPublish);
                    reconnectStart = clock.now();
                    for (WorkerHandle w : workers) {
                        w.send("RECONNECT");
                    }
                    for (WorkerHandle w : workers) {
                        connects.add(w.awaitConnected(connectTimeout));
                    }
                }
                default -> {
                    // idle, connect-storm: no traffic
                }
            }
            long publishEnd = clock.now();
            Path expected = work.resolve(o.targetName() + "-" + plan.name() + ".expected");
            StringJoiner lines = new StringJoiner("\n");
            for (long c : pub.publishedPerTopic()) {
                lines.add(Long.toString(c));
            }
            Files.writeString(expected, lines.toString());
            for (WorkerHandle w : workers) {
                w.send("DRAIN " + expected + " 10000 " + o.maxRun().toMillis());
            }
            List<WorkerResult> results = new ArrayList<>();
            for (int i = 0; i < workers.size(); i++) {
                workers.get(i).await("DONE", o.maxRun().toMillis() + 60_000);
                results.add(json.readValue(work.resolve(o.targetName() + "-" + plan.name() + "-w" + i
                        + ".result.json").toFile(), WorkerResult.class));
            }
            Map<String, Object> publish = new LinkedHashMap<>();
            long published = 0;
            for (long c : pub.publishedPerTopic()) {
                published += c;
            }
            publish.put("published", published);
            publish.put("errors", pub.errors());
            publish.put("refused", pub.refused());
            publish.put("lastError", pub.lastError());
            publish.put("seconds", (publishEnd - publishStart) / 1e9);
            publish.put("perSecond", published == 0 ? 0 : published / Math.max(1e-9, (pub.lastAckNanos()
                    - pub.firstWriteNanos()) / 1e9));
            publish.put("ackMillis", Histograms.summaryMillis(pub.ackMicros()));
            r.put("publish", publish);
            Map<String, Object> merged = ResultMerger.merge(results, pub.firstWriteNanos());
            r.putAll(merged);
            if (plan.name().equals("replay")) {
                long last = (long) merged.get("lastDeliveryNanos");
                r.put("replayCatchUpMillis", last > reconnectStart ? Math.round((last - reconnectStart) / 1e5) / 10.0 : -1);
                r.put("replayConnect", connectSummary(connects.subList(connects.size() - workers.size(),
                        connects.size())));
            }
            if (sampler != null) {
                long lastDelivery = (long) merged.get("lastDeliveryNanos");
                long from = plan.totalEvents() > 0 ? publishStart : start;
                long to = plan.totalEvents() > 0 ? Math.max(lastDelivery, publishEnd) : publishEnd;
                server.put("cpuPercent", Math.round(sampler.cpuPercentBetween(from, to) * 10) / 10.0);
                server.put("peakRssBytes", sampler.peakRss());
                r.put("generatorCpuPercent", Math.round(generator.cpuPercentBetween(from, to) * 10) / 10.0);
            }
            r.put("server", server);
            // Integrity only: a server that accepts publishes more slowly than offered shows in
            // publish.refused and publishes/s, not here.
            r.put("ok", (long) merged.get("lost") == 0 && (long) merged.get("duplicates") == 0
                    && (long) merged.get("outOfOrder") == 0 && (long) merged.get("unparsed") == 0
                    && pub.errors() == 0
                    && ((Map<?, ?>) r.get("connect")).get("failed").equals(0L)
                    && (long) merged.get("closedEarly") == 0);
        } finally {
            if (pub != null) {
                pub.close();
            }
            for (WorkerHandle w : workers) {
                w.close();
            }
            if (sampler != null) {
                sampler.close();
            }
            generator.close();
        }
        json.writeValue(o.outDir().resolve(o.targetName() + "-" + plan.name() + ".json").toFile(), r);
        return r;
    }

    /**
     * Records a scenario that could not be run to its end (the run threw), so the table says it
     * failed and why instead of "pending", and the next scenario still runs.
     */
    public Map<String, Object> failed(Exception e) throws java.io.IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", o.targetName());
        r.put("scenario", o.plan().name());
        r.put("plan", o.plan().toMap());
        r.put("endpoints", o.target().endpoints());
        r.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        r.put("ok", false);
        json.writeValue(o.outDir().resolve(o.targetName() + "-" + o.plan().name() + ".json").toFile(), r);
        return r;
    }

    private Optional<Long> idleHeap(ScenarioPlan plan) {
        return plan.name().equals("idle") && o.jvmServer() && o.serverPid() > 0
                ? JvmProbe.heapAfterGcBytes(o.serverPid())
                : Optional.empty();
    }

    private List<String> sources() {
        List<String> s = new ArrayList<>();
        for (int i = 1; i <= Math.max(1, o.sourceAddresses()); i++) {
            s.add("127.0.0." + i);
        }
        return s;
    }

    static Map<String, Object> connectSummary(List<ConnectReport> reports) {
        long connected = 0;
        long failed = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (ConnectReport c : reports) {
            connected += c.connected();
            failed += c.failed();
            first = Math.min(first, c.firstAttemptNanos());
            last = Math.max(last, c.lastSettledNanos());
            c.failureReasons().forEach((k, v) -> reasons.merge(k, v, Long::sum));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempted", reports.stream().mapToLong(ConnectReport::attempted).sum());
        m.put("connected", connected);
        m.put("failed", failed);
        m.put("seconds", last > first ? (last - first) / 1e9 : 0);
        m.put("perSecond", last > first ? Math.round(connected * 1e9 / (last - first)) : 0);
        m.put("failureReasons", reasons);
        return m;
    }
}
