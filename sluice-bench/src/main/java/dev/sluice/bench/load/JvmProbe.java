package dev.sluice.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap in use after a full GC of another JVM, via {@code jcmd <pid> GC.run} then {@code jcmd <pid>
 * GC.heap_info}. G1 prints the whole heap's {@code used NNNK} first; Serial and Parallel print one
 * line per generation, which are added up. The difference between two readings divided by the
 * subscribers added is the heap each idle subscriber costs.
 */
final class JvmProbe {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    /** The generation lines of Serial ({@code def new}, {@code tenured}) and Parallel GC. */
    private static final Pattern GENERATION_USED = Pattern.compile(
            "(?m)^\\s*(?:def new generation|tenured generation|PSYoungGen|ParOldGen)\\s.*?used (\\d+)K");

    private JvmProbe() {
    }

    static Optional<Long> heapAfterGcBytes(long pid) {
        try {
            run(pid, "GC.run");
            run(pid, "GC.run"); // a second pass frees what the first only made unreachable via finalizers/refs
            return usedBytes(run(pid, "GC.heap_info"));
        } catch (IOException | InterruptedException e) {
            System.err.println("jcmd failed for pid " + pid + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The heap in use that {@code GC.heap_info}'s output reports. */
    static Optional<Long> usedBytes(String heapInfo) {
        Matcher generations = GENERATION_USED.matcher(heapInfo);
        long sum = 0;
        boolean found = false;
        while (generations.find()) {
            sum += Long.parseLong(generations.group(1));
            found = true;
        }
        if (found) {
            return Optional.of(sum * 1024);
        }
        Matcher m = USED.matcher(heapInfo);
        return m.find() ? Optional.of(Long.parseLong(m.group(1)) * 1024) : Optional.empty();
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String exe = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        Process p = new ProcessBuilder(exe, Long.toString(pid), command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " timed out");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
