package dev.sluice.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar sluice-bench-…-load.jar run|report …}: the load generator's command line.
 * Exit code 0 when every scenario delivered everything exactly once and in order, 1 when any run
 * lost, duplicated or reordered events or failed connections, 2 for bad arguments.
 */
@Command(name = "sluice-load", mixinStandardHelpOptions = true, subcommands = {LoadMain.Run.class, LoadMain.Report.class},
        description = "SSE load generator: subscribers, publishers, latency and delivery accounting.")
public final class LoadMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run scenarios against one target; writes <name>-<scenario>.json into --out.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--kind", required = true, description = "mercure | nchan | spring")
        TargetSpec.Kind kind;
        @Option(names = "--name", description = "Label in results (default: the kind)")
        String name;
        @Option(names = "--host", defaultValue = "127.0.0.1")
        String host;
        @Option(names = "--port", required = true, split = ",", description = "Subscriber port(s), comma-separated")
        List<Integer> ports;
        @Option(names = "--publish-port", description = "Default: the first --port")
        Integer publishPort;
        @Option(names = "--jwt-key", description = "Mercure HS256 secret: mint publisher and subscriber tokens")
        String jwtKey;
        @Option(names = "--publisher-jwt")
        String publisherJwt;
        @Option(names = "--subscriber-jwt")
        String subscriberJwt;
        @Option(names = "--scenario", split = ",", defaultValue = "all",
                description = "Comma list of: idle, fanout, latency, many-topics, connect-storm, replay, all")
        List<String> scenarios;
        @Option(names = "--quick", description = "Small counts, a few seconds each (smoke run)")
        boolean quick;
        @Option(names = "--subscribers", description = "Override the scenario's subscriber count")
        Integer subscribers;
        @Option(names = "--events", description = "Override the scenario's event count")
        Long events;
        @Option(names = "--server-pid", defaultValue = "0", description = "Sample this process (and children)")
        long serverPid;
        @Option(names = "--jvm", description = "The server is a JVM: measure heap after GC with jcmd")
        boolean jvm;
        @Option(names = "--out", defaultValue = "bench-results")
        Path out;
        @Option(names = "--sources", defaultValue = "8", description = "Source addresses 127.0.0.1..N")
        int sources;
        @Option(names = "--worker-heap", defaultValue = "768m")
        String workerHeap;
        @Option(names = "--max-run", defaultValue = "PT10M", description = "Upper bound per scenario (ISO-8601)")
        Duration maxRun;

        @Override
        public Integer call() throws Exception {
            String pub = publisherJwt != null ? publisherJwt
                    : jwtKey != null ? Jwts.mercureAllTopics(jwtKey, Duration.ofHours(2)) : null;
            String sub = subscriberJwt != null ? subscriberJwt
                    : jwtKey != null ? Jwts.mercureAllTopics(jwtKey, Duration.ofHours(2)) : null;
            TargetSpec target = new TargetSpec(kind, host, ports, publishPort == null ? ports.get(0) : publishPort,
                    pub, sub);
            String label = name == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : name;
            Files.createDirectories(out);
            List<String> names = scenarios.contains("all") ? ScenarioPlan.NAMES : scenarios;
            boolean allOk = true;
            for (String s : names) {
                ScenarioPlan plan = ScenarioPlan.of(s, quick);
                if (subscribers != null && !s.equals("replay")) {
                    plan = plan.withSubscribers(subscribers);
                }
                if (events != null) {
                    plan = plan.withEvents(events);
                }
                if (serverPid > 0 && !ProcessSampler.alive(serverPid)) {
                    System.err.println("server process " + serverPid + " is gone; stopping");
                    return 1;
                }
                System.err.printf("== %s / %s: %d subscribers%n", label, s, plan.subscribers());
                Map<String, Object> r = new Coordinator(new Coordinator.Options(label, target, plan, serverPid, jvm,
                        out, sources, workerHeap, maxRun)).run();
                System.err.println("   " + ReportWriter.oneLine(r));
                allOk &= Boolean.TRUE.equals(r.get("ok"));
            }
            return allOk ? 0 : 1;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Read every <target>-<scenario>.json in --dir; write summary.md and PNG plots.")
    static final class Report implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "bench-results")
        Path dir;
        @Option(names = "--img", description = "Where PNGs go (default: --dir)")
        Path img;
        @Option(names = "--targets", split = ",", description = "Column order, e.g. sluice,nchan,spring")
        List<String> targets = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path images = img == null ? dir : img;
            Files.createDirectories(images);
            String md = new ReportWriter(dir, images, targets).write();
            Files.writeString(dir.resolve("summary.md"), md);
            System.out.println(md);
            return 0;
        }
    }
}
