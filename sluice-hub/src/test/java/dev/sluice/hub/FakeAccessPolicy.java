package dev.sluice.hub;

import dev.sluice.hub.internal.dispatch.SubscriberAccess;
import dev.sluice.hub.internal.http.AccessPolicy;
import dev.sluice.hub.internal.http.HttpCall;
import dev.sluice.hub.internal.http.HubHttpException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Readable test tokens instead of JWTs, for engine tests: {@code publish=*;subscribe=a|b;exp=ms}.
 * Read from the {@code Authorization: Bearer} header or the {@code authorization} query parameter.
 * Signature checking is the authorization package's job, tested there.
 */
final class FakeAccessPolicy implements AccessPolicy {
  private final boolean anonymous;

  FakeAccessPolicy(boolean anonymous) {
    this.anonymous = anonymous;
  }

  static String token(String publish, String subscribe, Instant expiresAt) {
    return "publish=" + publish + ";subscribe=" + subscribe
        + (expiresAt == null ? "" : ";exp=" + expiresAt.toEpochMilli());
  }

  private Optional<Map<String, String>> claims(HttpCall call) {
    Optional<String> token = call.header("Authorization").map(h -> h.substring("Bearer ".length()))
        .or(() -> call.query("authorization"));
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> claims = new HashMap<>();
    for (String part : token.get().split(";")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new HubHttpException(401, "invalid token",
            List.of(Map.entry("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
      }
      claims.put(part.substring(0, eq), part.substring(eq + 1));
    }
    if (claims.containsKey("exp") && Long.parseLong(claims.get("exp")) < System.currentTimeMillis()) {
      throw new HubHttpException(401, "invalid token",
          List.of(Map.entry("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
    }
    return Optional.of(claims);
  }

  private static boolean covers(String list, String topic) {
    if (list == null || list.isEmpty()) {
      return false;
    }
    Set<String> topics = Set.of(list.split("\\|"));
    return topics.contains("*") || topics.contains(topic)
        || topics.stream().anyMatch(t -> t.endsWith("*") && topic.startsWith(t.substring(0, t.length() - 1)));
  }

  @Override
  public SubscriberAccess subscriber(HttpCall call) {
    Optional<Map<String, String>> claims = claims(call);
    if (claims.isEmpty()) {
      if (!anonymous) {
        throw new HubHttpException(401, "token required",
            List.of(Map.entry("WWW-Authenticate", "Bearer realm=\"mercure\"")));
      }
      return SubscriberAccess.ANONYMOUS;
    }
    Map<String, String> c = claims.get();
    return new SubscriberAccess() {
      public boolean maySubscribe(String topic) { return covers(c.get("subscribe"), topic); }
      public Optional<Instant> expiresAt() {
        return Optional.ofNullable(c.get("exp")).map(e -> Instant.ofEpochMilli(Long.parseLong(e)));
      }
      public Optional<String> subject() { return Optional.empty(); }
    };
  }

  @Override
  public PublisherAccess publisher(HttpCall call) {
    Map<String, String> c = claims(call).orElseThrow(() -> new HubHttpException(401,
        "token required", List.of(Map.entry("WWW-Authenticate", "Bearer realm=\"mercure\""))));
    return topic -> covers(c.get("publish"), topic);
  }
}
