package dev.sluice.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options end the run with exit code 2 before any worker, socket or result file exists. */
class LoadMainTest {

    @TempDir
    Path out;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LoadMain.commandLine().setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void rateForAScenarioThatIsNotPacedIsOneLineAndExitTwo() {
        int code = run("run", "--kind", "mercure", "--port", "19082,19083", "--publish-port", "19081",
                "--scenario", "latency,fanout", "--rate", "200", "--out", out.resolve("r").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("sluice-load: scenario 'fanout' is not paced; a rate applies only to"
                + " latency and many-topics (try --help)" + System.lineSeparator());
        assertThat(out.resolve("r")).doesNotExist();
    }

    @Test
    void publishPortOutOfRangeIsABadArgument() {
        int code = run("run", "--kind", "mercure", "--port", "19082", "--publish-port", "0",
                "--scenario", "latency", "--out", out.resolve("r").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("publishPort out of range 1..65535: 0");
        assertThat(Files.exists(out.resolve("r"))).isFalse();
    }
}
