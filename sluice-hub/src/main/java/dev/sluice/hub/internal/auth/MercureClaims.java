package dev.sluice.hub.internal.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.hub.internal.auth.AuthorizationException.Reason;
import dev.sluice.hub.internal.selector.InvalidSelectorException;
import dev.sluice.hub.internal.selector.MatchType;
import dev.sluice.hub.internal.selector.Selector;
import dev.sluice.hub.internal.selector.SelectorLimits;
import dev.sluice.hub.internal.selector.TopicSelectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a verified token's permission claims into a {@link Grant.Builder}:
 * <ul>
 *   <li>Mercure 1.0's {@code authorization_details}: entries whose {@code type} is exactly
 *       {@value #DETAIL_TYPE} with {@code actions} (unknown action strings grant nothing),
 *       {@code topics} ({@code match}, optional {@code match_type} {@code exact} or
 *       {@code urlpattern}, the latter compiled here so a bad pattern voids the token) and an
 *       optional {@code payload} object; entries of other types are ignored; one malformed Mercure
 *       entry voids the whole token;
 *   <li>otherwise, in compatibility mode 8 only, the pre-1.0 {@code mercure} claim (or its
 *       namespaced spelling {@code https://mercure.rocks/}, which wins): {@code publish} and
 *       {@code subscribe} string arrays of selectors (exact or URI Template) and a free-form
 *       {@code payload}.
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class MercureClaims {
  public static final String AUTHORIZATION_DETAILS = "authorization_details";
  /** The Mercure authorization detail type, compared byte by byte. */
  public static final String DETAIL_TYPE = "https://mercure.rocks/authorization-detail";
  public static final String MERCURE = "mercure";
  /** Only for checking {@code urlpattern} syntax: relative patterns need some base. */
  private static final String SYNTAX_BASE = "https://hub.invalid/.well-known/mercure";
  public static final String MERCURE_NAMESPACED = "https://mercure.rocks/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int maxSelectors;
  private final int maxPatternLength;
  private final boolean legacyEnabled;
  private final TopicSelectors syntax;

  public MercureClaims(int maxSelectors, int maxPatternLength, boolean legacyEnabled) {
    this.maxSelectors = maxSelectors;
    this.maxPatternLength = maxPatternLength;
    this.legacyEnabled = legacyEnabled;
    this.syntax = TopicSelectors.create(SelectorLimits.defaults().toBuilder()
        .maxSelectorLength(maxPatternLength).build(), SYNTAX_BASE);
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
      if (!DETAIL_TYPE.equals(detail.get("type"))) {
        continue; // Another API's detail: not ours to judge.
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
        } else if (!(action instanceof String a) || a.isEmpty()) {
          throw invalid();
        } // Else an action some later specification defines: it grants nothing here.
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
      if (publish || subscribe) { // A detail of only unknown actions is valid and grants nothing.
        grant.addPermission(Permission.of(publish, subscribe, selectors, json(payload)));
      }
    }
    grant.claimStyle(Grant.ClaimStyle.AUTHORIZATION_DETAILS);
  }

  private Selector topicMatcher(Object topic) {
    if (!(topic instanceof Map<?, ?> m) || !(m.get("match") instanceof String match)) {
      throw invalid();
    }
    Object type = m.get("match_type");
    if (type == null || "exact".equals(type)) {
      return new Selector(MatchType.EXACT, pattern(match));
    }
    if (!"urlpattern".equals(type)) {
      throw invalid(); // Names are case-sensitive; unknown matcher types void the token.
    }
    String pattern = pattern(match);
    try {
      syntax.urlPattern(pattern); // Compiled now: a pattern that can never match is a bad token.
    } catch (InvalidSelectorException | IllegalArgumentException e) {
      throw invalid();
    }
    return new Selector(MatchType.URL_PATTERN, pattern);
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

  /** Non-empty, bounded, well-formed UTF-16, free of control and format characters. */
  private String pattern(String s) {
    if (s.isEmpty() || s.length() > maxPatternLength) {
      throw invalid();
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE) {
        throw invalid();
      }
      i += Character.charCount(cp);
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
