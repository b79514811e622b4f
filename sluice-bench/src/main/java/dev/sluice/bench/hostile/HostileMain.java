package dev.sluice.bench.hostile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.sluice.bench.load.Jwts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -cp sluice-bench-*-load.jar dev.sluice.bench.hostile.HostileMain --port P --jwt-key K ...}:
 * runs the chosen scenarios one after another against a hub already listening on loopback, prints
 * and writes the reports, and exits 1 if any scenario is BROKEN (2 on bad arguments).
 */
@Command(name = "hostile", mixinStandardHelpOptions = true,
        description = "Replay issue 14's attacks against a hub on loopback; exit 1 if any breaks it.")
public final class HostileMain implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "loopback address of the hub")
    String host;

    @Option(names = "--port", required = true, description = "the hub's port")
    int port;

    @Option(names = "--jwt-key", required = true, description = "the hub's HS256 secret, to mint publisher and subscriber tokens")
    String jwtKey;

    @Option(names = "--hub-log", description = "file receiving the hub's stdout and stderr (for log growth)")
    Path hubLog;

    @Option(names = "--out", defaultValue = "hostile-results", description = "directory for hostile.json and hostile.md")
    Path out;

    @Option(names = "--scenarios", defaultValue = "all", split = ",",
            description = "comma-separated ids or prefixes (1,2a,2b,3,4,5,6,7) or all")
    List<String> scenarios;

    @Option(names = "--attack-seconds", defaultValue = "25", description = "duration of the timed attacks (1, 2a, 2b)")
    int attackSeconds;

    @Option(names = "--selector-connections", defaultValue = "20")
    int selectorConnections;

    @Option(names = "--selector-patterns", defaultValue = "100", description = "URL patterns per selector connection")
    int selectorPatterns;

    @Option(names = "--drip-connections", defaultValue = "3500")
    int dripConnections;

    @Option(names = "--silent-connections", defaultValue = "4000")
    int silentConnections;

    @Option(names = "--append", description = "add to the reports already in --out (one hub per scenario)")
    boolean append;

    @Option(names = "--command", defaultValue = "", description = "the command line to record in the report")
    String command;

    /** Every scenario with the bounds given on the command line, in the order. */
    Map<String, Scenario> catalogue() {
        Duration attack = Duration.ofSeconds(attackSeconds);
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Scenario s : List.of(
                new ExpensiveSelectors(selectorConnections, selectorPatterns, 10, attack),
                new DripFedBodies(dripConnections, Duration.ofSeconds(5), attack),
                new SilentConnections(silentConnections, attack),
                new BadPercentEscape(50, 1024 * 1024),
                new FormFieldOverflow(9_999),
                new RequestSmuggling(),
                new ForgedSubscriptionEvents(),
                new InvalidUtf8())) {
            all.put(s.id(), s);
        }
        return all;
    }

    @Override
    public Integer call() throws Exception {
        Duration tokenLife = Duration.ofHours(1);
        String token = Jwts.mercureAllTopics(jwtKey, tokenLife);
        HostileTarget target = new HostileTarget(host, port, token, token, hubLog);
        List<Scenario> chosen = new ArrayList<>();
        for (Map.Entry<String, Scenario> e : catalogue().entrySet()) {
            if (scenarios.contains("all") || scenarios.stream().anyMatch(p -> e.getKey().startsWith(p + "-") || e.getKey().equals(p))) {
                chosen.add(e.getValue());
            }
        }
        if (chosen.isEmpty()) {
            System.err.println("hostile: no scenario matches " + scenarios);
            return 2;
        }
        ScenarioRunner runner = new ScenarioRunner(ScenarioRunner.Limits.defaults());
        List<ScenarioReport> reports = new ArrayList<>(append ? Reports.read(out) : List.of());
        if (!ScenarioRunner.awaitHealthy(target, Duration.ofSeconds(30))) {
            System.err.println("hostile: /healthz on " + target.url("/healthz") + " does not answer 200");
            return 2;
        }
        ScenarioRunner.warmUp(target, Duration.ofSeconds(3));
        for (Scenario s : chosen) {
            System.err.println("[hostile] " + s.id() + ": " + s.title());
            ScenarioReport r = runner.run(s, target);
            reports.add(r);
            System.err.println("[hostile] " + s.id() + ": " + r.verdict() + " honest before " + Reports.latency(r.before())
                    + ", during " + Reports.latency(r.during()) + "; healthz " + r.healthz().ok() + " ok / "
                    + r.healthz().failed() + " failed; log +" + r.logBytes() + " B");
            r.brokenBecause().forEach(b -> System.err.println("[hostile]   BROKEN: " + b));
            Reports.write(out, command, reports); // After each scenario, so an interrupted run leaves its results.
        }
        System.out.print(Reports.markdown(command, reports));
        return reports.stream().anyMatch(r -> r.verdict() == ScenarioReport.Verdict.BROKEN) ? 1 : 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HostileMain()).execute(args));
    }
}
