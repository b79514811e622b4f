package dev.sluice.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the HS256 Mercure token the generator publishes and subscribes with, from the hub's
 * shared secret: claims {@code mercure.publish} and {@code mercure.subscribe} = {@code ["*"]}.
 * Hand-rolled (a dozen lines of JDK crypto) so the bench jar needs no JWT library.
 */
public final class Jwts {

    private Jwts() {
    }

    public static String mercureAllTopics(String hs256Secret, Duration lifetime) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = Instant.now().plus(lifetime).getEpochSecond();
        String claims = "{\"mercure\":{\"publish\":[\"*\"],\"subscribe\":[\"*\"]},\"exp\":" + exp + "}";
        String payload = b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + payload;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hs256Secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
