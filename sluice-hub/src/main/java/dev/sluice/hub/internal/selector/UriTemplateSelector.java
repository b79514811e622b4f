package dev.sluice.hub.internal.selector;

/** An RFC 6570 template compiled by {@link UriTemplateCompiler}. */
final class UriTemplateSelector implements TopicSelector {
  private final String template;
  private final Nfa nfa;
  private final long maxSteps;

  UriTemplateSelector(String template, Nfa nfa, long maxSteps) {
    this.template = template;
    this.nfa = nfa;
    this.maxSteps = maxSteps;
  }

  @Override
  public Kind kind() {
    return Kind.URI_TEMPLATE;
  }

  @Override
  public String expression() {
    return template;
  }

  @Override
  public boolean matches(String topic) {
    return matches(topic, new StepMeter(maxSteps));
  }

  boolean matches(String topic, StepMeter meter) {
    return nfa.matches(topic, meter);
  }

  @Override
  public int cost() {
    return nfa.size();
  }

  long maxSteps() {
    return maxSteps;
  }

  int automatonSize() {
    return nfa.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UriTemplateSelector && ((UriTemplateSelector) o).template.equals(template);
  }

  @Override
  public int hashCode() {
    return 31 * template.hashCode() + 1;
  }

  @Override
  public String toString() {
    return "URI_TEMPLATE " + template;
  }
}
