package dev.sluice.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A forked worker JVM seen from the coordinator: sends it commands and waits for its answers (see
 * {@link WorkerMain} for the protocol). The worker's stderr is inherited, so its logs show.
 */
final class WorkerHandle implements AutoCloseable {

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final ObjectMapper json;

    private WorkerHandle(Process process, ObjectMapper json) {
        this.process = process;
        this.json = json;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (isAnswer(line)) {
                        answers.add(line);
                    } else {
                        // Not ours (a JVM agent's banner, say): shown, never taken for an answer.
                        System.err.println("worker output: " + line);
                    }
                }
            } catch (IOException e) {
                // the worker exited
            }
            answers.add("EXITED");
        }, "worker-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Environment variable with extra JVM flags for the forked workers. */
    static final String WORKER_JAVA_OPTS = "BENCH_WORKER_JAVA_OPTS";

    /** The worker's answers are one upper-case word, then optionally a space and a payload. */
    static boolean isAnswer(String line) {
        int end = line.indexOf(' ');
        String word = end < 0 ? line : line.substring(0, end);
        return !word.isEmpty() && word.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    }

    /**
     * Forks {@code java … WorkerMain specFile} on this JVM's own classpath, with the flags in the
     * environment variable {@value #WORKER_JAVA_OPTS} (split at whitespace; for example a GC log, to
     * see whether a pause in the generator is part of a tail it measured). The workers run
     * ParallelGC: flags that pick another collector stop them at start.
     */
    static WorkerHandle fork(Path specFile, String heap, ObjectMapper json) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xms" + heap, "-Xmx" + heap,
                // Half the heap young and every page touched up front: fewer collections, and none
                // that stalls the reader on page faults (a first young collection took 250-320 ms).
                "-XX:+UseParallelGC", "-XX:NewRatio=1", "-XX:+AlwaysPreTouch",
                "-Dio.netty.leakDetection.level=disabled"));
        String extra = System.getenv(WORKER_JAVA_OPTS);
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
                specFile.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new WorkerHandle(p, json);
    }

    void send(String command) {
        commands.println(command);
    }

    /** The next answer line, which must start with {@code prefix}. */
    String await(String prefix, long timeoutMillis) throws InterruptedException {
        String line = answers.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException("worker did not answer " + prefix + " within " + timeoutMillis + " ms");
        }
        if (!line.startsWith(prefix)) {
            throw new IllegalStateException("worker answered '" + line + "' instead of " + prefix);
        }
        return line.substring(prefix.length()).trim();
    }

    ConnectReport awaitConnected(long timeoutMillis) throws InterruptedException, IOException {
        return json.readValue(await("CONNECTED", timeoutMillis), ConnectReport.class);
    }

    @Override
    public void close() {
        commands.close(); // stdin EOF makes a worker exit on its own
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
