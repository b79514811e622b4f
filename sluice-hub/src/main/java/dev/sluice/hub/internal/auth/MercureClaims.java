package dev.sluice.hub.internal.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import dev.sluice.hub.internal.selector.MatchType;
import dev.sluice.hub.internal.selector.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a verified token's permission claims into a {@link Grant.Builder}:
 * <ul>
 *   <li>the current draft's {@code authorization_details}: entries of {@code type: "mercure"} with
 *       {@code actions}, {@code topics} ({@code match}, optional {@code matchType}) and {@code payload};
 *       entries of other types are ignored; one malformed {@code mercure} entry voids the token;
 *   <li>otherwise, if enabled, the earlier {@code mercure} claim (or its namespaced spelling
 *       {@code https://mercure.rocks/}, which wins): {@code publish} and {@code subscribe} string
 *       arrays of selectors (exact or URI Template) and a free-form {@code payload}.
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class MercureClaims {
  public static final String AUTHORIZATION_DETAILS = "authorization_details";
  public static final String MERCURE = "mercure";
  public static final String MERCURE_NAMESPACED = "https://mercure.rocks/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int maxSelectors;
  private final int maxPatternLength;
  private final boolean legacyEnabled;

  public MercureClaims(int maxSelectors, int maxPatternLength, boolean legacyEnabled) {
    this.maxSelectors = maxSelectors;
    this.maxPatternLength = maxPatternLength;
    this.legacyEnabled = legacyEnabled;
  }

  /** @param claims the verified claim set, as maps, lists and scalars */
  public void read(Map<String, Object> claims, Grant.Builder grant) {
    Object details = claims.get(AUTHORIZATION_DETAILS);
    if (details != null) {
      if (!(details instanceof List<?> list)) {
        throw invalid();
      }
      if (!list.isEmpty()) {
        readDetails(list, grant);
        return;
      }
    }
    if (legacyEnabled) {
      Object legacy = claims.containsKey(MERCURE_NAMESPACED)
          ? claims.get(MERCURE_NAMESPACED) : claims.get(MERCURE);
      if (legacy != null) {
        readLegacy(legacy, grant);
      }
    }
  }

  private void readDetails(List<?> details, Grant.Builder grant) {
    int budget = maxSelectors;
    int mercureDetails = 0;
    for (Object entry : details) {
      if (!(entry instanceof Map<?, ?> detail)) {
        throw invalid();
      }
      if (!MERCURE.equals(detail.get("type"))) {
        continue;
      }
      if (++mercureDetails > maxSelectors) {
        throw invalid();
      }
      boolean publish = false;
      boolean subscribe = false;
      for (Object action : nonEmptyList(detail.get("actions"))) {
        if ("publish".equals(action)) {
          publish = true;
        } else if ("subscribe".equals(action)) {
          subscribe = true;
        } else {
          throw invalid();
        }
      }
      List<?> topics = nonEmptyList(detail.get("topics"));
      budget -= topics.size();
      if (budget < 0) {
        throw invalid();
      }
      List<Selector> selectors = new ArrayList<>(topics.size());
      for (Object topic : topics) {
        selectors.add(topicMatcher(topic));
      }
      Object payload = detail.get("payload");
      if (payload != null && !(payload instanceof Map)) {
        throw invalid();
      }
      grant.addPermission(Permission.of(publish, subscribe, selectors, json(payload)));
    }
    grant.claimStyle(Grant.ClaimStyle.AUTHORIZATION_DETAILS);
  }

  private Selector topicMatcher(Object topic) {
    if (!(topic instanceof Map<?, ?> m) || !(m.get("match") instanceof String match)) {
      throw invalid();
    }
    Object camel = m.get("matchType");
    Object snake = m.get("match_type"); // The reference hub's spelling at one point; same meaning.
    if (camel != null && snake != null && !camel.equals(snake)) {
      throw invalid();
    }
    Object type = camel != null ? camel : snake;
    MatchType matcherType;
    if (type == null || "Exact".equals(type)) {
      matcherType = MatchType.EXACT;
    } else if ("URLPattern".equals(type)) {
      matcherType = MatchType.URL_PATTERN;
    } else {
      throw invalid();
    }
    return new Selector(matcherType, pattern(match));
  }

  private void readLegacy(Object legacy, Grant.Builder grant) {
    if (!(legacy instanceof Map<?, ?> claim)) {
      throw invalid();
    }
    int budget = maxSelectors;
    Object publish = claim.get("publish");
    if (publish != null) {
      List<Selector> selectors = legacySelectors(publish, budget);
      budget -= selectors.size();
      grant.addPermission(Permission.publish(selectors));
    }
    Object subscribe = claim.get("subscribe");
    if (subscribe != null) {
      grant.addPermission(Permission.subscribe(legacySelectors(subscribe, budget)));
    }
    grant.legacyPayloadJson(json(claim.get("payload")));
    grant.claimStyle(Grant.ClaimStyle.MERCURE_CLAIM);
  }

  private List<Selector> legacySelectors(Object value, int budget) {
    if (!(value instanceof List<?> list) || list.size() > budget) {
      throw invalid();
    }
    List<Selector> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String s)) {
        throw invalid();
      }
      out.add(new Selector(MatchType.URI_TEMPLATE, pattern(s)));
    }
    return out;
  }

  /** Non-empty, bounded, and free of the control characters topics may not contain. */
  private String pattern(String s) {
    if (s.isEmpty() || s.length() > maxPatternLength) {
      throw invalid();
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        throw invalid();
      }
    }
    return s;
  }

  private static List<?> nonEmptyList(Object value) {
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw invalid();
    }
    return list;
  }

  private static String json(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw invalid();
    }
  }

  private static TokenRejectedException invalid() {
    return new TokenRejectedException(Reason.CLAIMS_INVALID);
  }
}
