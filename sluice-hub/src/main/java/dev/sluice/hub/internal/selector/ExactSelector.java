package dev.sluice.hub.internal.selector;

import static java.util.Objects.requireNonNull;

/** Byte-for-byte equality, case-sensitive, without any normalization (as the draft demands). */
final class ExactSelector implements TopicSelector {
  private final String topic;

  ExactSelector(String topic) {
    this.topic = requireNonNull(topic, "topic");
  }

  @Override
  public Kind kind() {
    return Kind.EXACT;
  }

  @Override
  public String expression() {
    return topic;
  }

  @Override
  public boolean matches(String candidate) {
    return topic.equals(candidate);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExactSelector && ((ExactSelector) o).topic.equals(topic);
  }

  @Override
  public int hashCode() {
    return topic.hashCode();
  }

  @Override
  public String toString() {
    return "EXACT " + topic;
  }
}
