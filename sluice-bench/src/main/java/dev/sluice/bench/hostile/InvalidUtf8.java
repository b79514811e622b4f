package dev.sluice.bench.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Hole 7: invalid UTF-8 in {@code data} and in a topic, raw and percent-encoded. The documented
 * answer is 400; replacing the bytes with U+FFFD and storing the update is the hole.
 */
public final class InvalidUtf8 implements Scenario {

    @Override
    public String id() {
        return "7-invalid-utf8";
    }

    @Override
    public String title() {
        return "publish invalid UTF-8 in data and topic, raw bytes and %-encoded";
    }

    @Override
    public void attack(HostileTarget target, AttackContext context) {
        String topic = "https%3A%2F%2Fexample.com%2Futf8%2F" + UUID.randomUUID();
        send(target, context, "raw 0xFF in data", ascii("topic=" + topic + "&data=ab"), new byte[] {(byte) 0xFF}, ascii("cd"));
        send(target, context, "%FF in data", ascii("topic=" + topic + "&data=ab%FFcd"));
        send(target, context, "raw 0xC3 0x28 in topic", ascii("data=x&topic=" + topic + "-"),
                new byte[] {(byte) 0xC3, (byte) 0x28});
        send(target, context, "%C3%28 in topic", ascii("data=x&topic=" + topic + "-%C3%28"));
    }

    private static void send(HostileTarget target, AttackContext context, String what, byte[]... parts) {
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            form.writeBytes(p);
        }
        RawHttp.Exchange answer = RawHttp.exchange(target,
                RawHttp.publish(target, target.publisherToken(), form.toByteArray()), Duration.ofSeconds(5));
        context.note(what + ": " + answer.summary());
        if (answer.status() != 400) {
            context.broken(what + " answered " + answer.summary() + " (400 expected)");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
