package dev.sluice.bench.hostile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The hub's log file as the attacks see it: its size, and whether a marker was written past an offset. */
final class HubLog {

    private HubLog() {
    }

    /** The size in bytes, or -1 without a log file. */
    static long size(HostileTarget target) {
        Path log = target.log().orElse(null);
        try {
            return log == null ? -1 : Files.size(log);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether {@code marker} (ASCII) appears in the log after byte {@code from}; reads at most 256 MiB. */
    static boolean containsAfter(HostileTarget target, long from, String marker) {
        Path log = target.log().orElse(null);
        if (log == null || from < 0) {
            return false;
        }
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long pos = from;
            long limit = Math.min(ch.size(), from + (256L << 20));
            String carry = "";
            while (pos < limit) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                pos += n;
                String text = carry + new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1);
                if (text.contains(marker)) {
                    return true;
                }
                carry = text.substring(Math.max(0, text.length() - needle.length));
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
