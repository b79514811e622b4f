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
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it: a bad argument is one line on stderr and exit 2. */
    static CommandLine commandLine() {
        return new CommandLine(new LoadMain()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println("sluice-load: " + e.getMessage() + " (try --help)");
                    return 2;
                });
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
        @Option(names = "--port", required = true, split = ",",
                description = "Subscriber port(s), comma-separated; subscriber i connects to port i mod count."
                        + " For a cluster, the nodes subscribers should use.")
        List<Integer> ports;
        @Option(names = "--publish-port",
                description = "Default: the first --port. Another node's port measures latency across a cluster.")
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
        @Option(names = "--rate", description = "Override the publish rate (events/s) of a paced scenario"
                + " (latency, many-topics); the run lasts events / rate seconds")
        Double rate;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--connect-rate", description = "Override the scenario's offered connects/s (all workers together)")
        Double connectRate;

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
        @Option(names = "--warmup", description = "First run small fan-out and latency rounds (results kept"
                + " apart in <out>/warmup), so a JIT-compiled target is measured compiled, as it runs in production")
        boolean warmup;

        @Override
        public Integer call() throws Exception {
            String pub = publisherJwt != null ? publisherJwt
                    : jwtKey != null ? Jwts.mercureAllTopics(jwtKey, Duration.ofHours(2)) : null;
            String sub = subscriberJwt != null ? subscriberJwt
                    : jwtKey != null ? Jwts.mercureAllTopics(jwtKey, Duration.ofHours(2)) : null;
            String label = name == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : name;
            List<String> names = scenarios.contains("all") ? ScenarioPlan.NAMES : scenarios;
            // Everything is checked before the first scenario starts: a bad option is an exit 2
            // with one line, not a failure after minutes of load.
            TargetSpec target;
            List<ScenarioPlan> plans = new ArrayList<>();
            try {
                target = new TargetSpec(kind, host, ports, publishPort == null ? ports.get(0) : publishPort, pub, sub);
                for (String s : names) {
                    plans.add(plan(s));
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Files.createDirectories(out);
            if (warmup) {
                warmUp(label, target);
            }
            boolean allOk = true;
            for (ScenarioPlan plan : plans) {
                if (serverPid > 0 && !ProcessSampler.alive(serverPid)) {
                    System.err.println("server process " + serverPid + " is gone; stopping");
                    return 1;
                }
                System.err.printf("== %s / %s: %d subscribers%n", label, plan.name(), plan.subscribers());
                Coordinator c = new Coordinator(new Coordinator.Options(label, target, plan, serverPid, jvm,
                        out, sources, workerHeap, maxRun));
                Map<String, Object> r;
                try {
                    r = c.run();
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    e.printStackTrace();
                    r = c.failed(e);
                }
                System.err.println("   " + ReportWriter.oneLine(r));
                allOk &= Boolean.TRUE.equals(r.get("ok"));
            }
            return allOk ? 0 : 1;
        }

        /**
         * Small fan-out and latency rounds whose results are not reported: they leave the target's
         * hot paths compiled (a JVM target compiles them during its first seconds of load, which
         * would otherwise land inside the first measured scenario) and its pools filled. Every
         * target gets the same rounds.
         */
        private void warmUp(String label, TargetSpec target) throws Exception {
            Path dir = out.resolve("warmup");
            Files.createDirectories(dir);
            for (String scenario : List.of("fanout", "latency")) {
                ScenarioPlan plan = ScenarioPlan.of(scenario, true);
                System.err.printf("== %s / warm-up (%s, %d subscribers; not reported)%n", label, scenario,
                        plan.subscribers());
                Coordinator c = new Coordinator(new Coordinator.Options(label, target, plan, serverPid, jvm,
                        dir, sources, workerHeap, maxRun));
                try {
                    c.run();
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    // A failed warm-up is not a result; the measured scenarios will show the problem.
                    System.err.println("   warm-up failed: " + e);
                }
            }
        }

        private ScenarioPlan plan(String scenario) {
            ScenarioPlan plan = ScenarioPlan.of(scenario, quick);
            if (subscribers != null && !scenario.equals("replay")) {
                plan = plan.withSubscribers(subscribers);
            }
            if (events != null) {
                plan = plan.withEvents(events);
            }
            if (rate != null) {
                plan = plan.withEventsPerSecond(rate);
            }
            if (connectRate != null) {
                plan = plan.withConnectsPerSecond(connectRate);
            }
            return plan;
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
