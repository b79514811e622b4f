package dev.sluice.hub.internal.selector;

/** {@code *}: selects every topic. */
final class AllTopicsSelector implements TopicSelector {
  static final AllTopicsSelector INSTANCE = new AllTopicsSelector();

  private AllTopicsSelector() {}

  @Override
  public Kind kind() {
    return Kind.ALL;
  }

  @Override
  public String expression() {
    return "*";
  }

  @Override
  public boolean matches(String topic) {
    return true;
  }

  @Override
  public String toString() {
    return "ALL *";
  }
}
