package dev.sluice.hub.internal.auth;

import dev.sluice.hub.internal.selector.Selector;
import dev.sluice.hub.internal.selector.SelectorMatcher;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One grant entry of a token: the actions it allows on its selectors, and an optional payload for
 * subscriptions. A {@code mercure} entry of {@code authorization_details} becomes one permission; the
 * earlier {@code mercure.publish} and {@code mercure.subscribe} arrays become one each.
 */
public final class Permission {
  private final boolean publish;
  private final boolean subscribe;
  private final List<Selector> selectors;
  private final String payloadJson; // Null when the entry carries no payload.

  private Permission(boolean publish, boolean subscribe, List<Selector> selectors, String payloadJson) {
    this.publish = publish;
    this.subscribe = subscribe;
    this.selectors = List.copyOf(selectors);
    this.payloadJson = payloadJson;
  }

  public static Permission publish(List<Selector> selectors) {
    return new Permission(true, false, selectors, null);
  }

  public static Permission subscribe(List<Selector> selectors) {
    return new Permission(false, true, selectors, null);
  }

  /**
   * @param payloadJson the entry's {@code payload} as a JSON text, or null for none
   */
  public static Permission of(
      boolean publish, boolean subscribe, List<Selector> selectors, String payloadJson) {
    requireNonNull(selectors, "selectors");
    if (!publish && !subscribe) {
      throw new IllegalArgumentException("a permission needs publish or subscribe");
    }
    return new Permission(publish, subscribe, selectors, payloadJson);
  }

  public boolean publish() {
    return publish;
  }

  public boolean subscribe() {
    return subscribe;
  }

  public List<Selector> selectors() {
    return selectors;
  }

  /** The payload attached to subscriptions this entry matches, as a JSON text. */
  public Optional<String> payloadJson() {
    return Optional.ofNullable(payloadJson);
  }

  boolean covers(String topic, SelectorMatcher matcher) {
    for (Selector selector : selectors) {
      if (selector.isWildcard() || matcher.matches(selector, topic)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Permission p
        && publish == p.publish
        && subscribe == p.subscribe
        && selectors.equals(p.selectors)
        && Objects.equals(payloadJson, p.payloadJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(publish, subscribe, selectors, payloadJson);
  }

  @Override
  public String toString() {
    return "Permission{" + (publish ? "publish " : "") + (subscribe ? "subscribe " : "")
        + selectors + (payloadJson == null ? "" : " payload") + "}";
  }
}
