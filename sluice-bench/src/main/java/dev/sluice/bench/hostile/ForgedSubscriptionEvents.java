package dev.sluice.bench.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Hole 6: a publisher allowed every topic posts to topics under the hub's reserved
 * {@code /.well-known/mercure/subscriptions/…} namespace that {@code java.net.URI} cannot parse
 * (a space, {@code |}, {@code \}). Each must be refused (Mercure 1.0: 400 whatever the token; 403
 * accepted too) and never reach a watcher of subscription events.
 */
public final class ForgedSubscriptionEvents implements Scenario {

    @Override
    public String id() {
        return "6-forged-subscriptions";
    }

    @Override
    public String title() {
        return "publish to `/.well-known/mercure/subscriptions/…` topics with a space, `|` or `\\`; a subscriptions watcher listens";
    }

    @Override
    public String needs() {
        return "--subscriptions";
    }

    @Override
    public void attack(HostileTarget target, AttackContext context) throws InterruptedException {
        String base = "/.well-known/mercure/subscriptions/";
        List<String> topics = List.of(
                base + "a b/urn:uuid:forged",
                base + "a|b/urn:uuid:forged",
                base + "a\\b/urn:uuid:forged",
                target.url(base + "x y/urn:uuid:forged"));
        String watchQuery = "match=*"; // Every topic: whatever a forged one looks like, it would show.
        try (SseWatch watcher = SseWatch.open(target, watchQuery, target.subscriberToken())) {
            context.note("subscriptions watcher: status " + watcher.status());
            for (String topic : topics) {
                String marker = "FORGED-" + UUID.randomUUID();
                String data = "{\"@context\":\"https://mercure.rocks/\",\"type\":\"Subscription\",\"active\":true,\"id\":\""
                        + marker + "\"}";
                byte[] form = ("topic=" + RawHttp.formValue(topic) + "&data=" + RawHttp.formValue(data))
                        .getBytes(StandardCharsets.US_ASCII);
                RawHttp.Exchange answer = RawHttp.exchange(target, RawHttp.publish(target, target.publisherToken(), form),
                        Duration.ofSeconds(5));
                boolean received = watcher.status() == 200 && watcher.await(marker, Duration.ofSeconds(2));
                context.note("`" + topic + "`: " + answer.summary() + (received ? ", delivered to the watcher" : ""));
                if (answer.status() != 400 && answer.status() != 403) {
                    context.broken("forged subscription topic `" + topic + "` answered " + answer.status()
                            + " (400 expected)" + (received ? " and reached the subscriptions watcher" : ""));
                }
            }
        } catch (IOException e) {
            context.broken("subscriptions watcher could not connect: " + e);
        }
    }
}
