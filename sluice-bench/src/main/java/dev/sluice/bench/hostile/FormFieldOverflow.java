package dev.sluice.bench.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Hole 4: a publish form with {@code data}, 9,999 topics and then {@code private=on&id=…}, past
 * the form decoder's 10,000 fields. The hub must refuse it (413/400) and an anonymous subscriber
 * must never receive it.
 */
public final class FormFieldOverflow implements Scenario {

    private final int topics;

    public FormFieldOverflow(int topics) {
        this.topics = topics;
    }

    @Override
    public String id() {
        return "4-fields";
    }

    @Override
    public String title() {
        return "publish `data` + " + topics + " topics + `private=on&id=…` (past 10,000 fields); an anonymous subscriber listens";
    }

    @Override
    public String needs() {
        return "--allow-anonymous";
    }

    @Override
    public void attack(HostileTarget target, AttackContext context) throws InterruptedException {
        String run = UUID.randomUUID().toString();
        String topic = "https://example.com/fields/" + run + "/";
        String secret = "PRIVATE-" + run;
        String id = "urn:hostile:" + run;
        StringBuilder form = new StringBuilder("data=").append(secret);
        for (int i = 0; i < topics; i++) {
            form.append("&topic=").append(RawHttp.formValue(topic + i));
        }
        form.append("&private=on&id=").append(RawHttp.formValue(id));

        try (SseWatch anonymous = SseWatch.open(target, "match=" + RawHttp.formValue(topic + 0), null)) {
            context.note("anonymous subscriber: " + (anonymous.status() == 200 ? "200" : "status " + anonymous.status()));
            RawHttp.Exchange answer = RawHttp.exchange(target, RawHttp.publish(target, target.publisherToken(),
                    form.toString().getBytes(StandardCharsets.US_ASCII)), Duration.ofSeconds(10));
            context.note("publish of " + (topics + 3) + " fields (" + form.length() + " bytes): " + answer.summary());
            if (answer.status() == 200) {
                context.broken("a form past the field limit was accepted (200) instead of refused (413/400)");
            }
            if (anonymous.status() == 200 && anonymous.await(secret, Duration.ofSeconds(3))) {
                context.broken("the anonymous subscriber received the update sent with private=on");
            }
            if (answer.status() == 200 && !answer.text().contains(id)) {
                context.broken("the publisher's id " + id + " was replaced");
            }
        } catch (IOException e) {
            context.broken("anonymous subscriber could not connect: " + e);
        }
    }
}
