package dev.sluice.testing;

import dev.sluice.ServerSentEvent;

/** Short factories for the events a parser is expected to dispatch. */
public final class Events {
  private Events() {}

  /** An event of type {@code message} with no last event ID. */
  public static ServerSentEvent data(String data) {
    return ServerSentEvent.of(data);
  }

  /** An event of type {@code message} dispatched while the last event ID was {@code id}. */
  public static ServerSentEvent withId(String id, String data) {
    return ServerSentEvent.builder().id(id).data(data).build();
  }

  /** An event whose {@code event} field was {@code type}, with no last event ID. */
  public static ServerSentEvent typed(String type, String data) {
    return ServerSentEvent.of(type, data);
  }
}
