package dev.sluice.hub.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One published update: what a publisher POSTed, with the event id the hub settled on.
 *
 * <p>Immutable and safe to share. The first topic is the canonical one; the others are alternate
 * topics the update is also dispatched to (the widely deployed Mercure revisions allow several).
 * Values are checked here so that no store or transport ever holds an update that cannot be
 * written to an SSE stream: ids and types carry no CR, LF or NUL, and topics are non-empty.
 *
 * <pre>{@code
 * Update update = Update.builder()
 *     .id("urn:uuid:0190f5c2-…")
 *     .topic("https://example.com/books/1")
 *     .data("{\"title\":\"Dune\"}")
 *     .privateUpdate(true)
 *     .build();
 * }</pre>
 */
public final class Update {
  private final String id;
  private final List<String> topics;
  private final String data;
  private final boolean privateUpdate;
  private final String type; // Nullable.
  private final Duration retry; // Nullable.

  private Update(Builder builder) {
    this.id = builder.id;
    this.topics = List.copyOf(builder.topics);
    this.data = builder.data;
    this.privateUpdate = builder.privateUpdate;
    this.type = builder.type;
    this.retry = builder.retry;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this update's values, to make a modified copy. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The event id: opaque, valid on every node of a cluster. */
  public String id() {
    return id;
  }

  /** All topics, canonical first; never empty. */
  public List<String> topics() {
    return topics;
  }

  /** The canonical topic: the first one. */
  public String topic() {
    return topics.get(0);
  }

  /** The data; the empty string when the publisher sent none. */
  public String data() {
    return data;
  }

  /** True when only subscribers authorized for one of the topics may receive it. */
  public boolean isPrivate() {
    return privateUpdate;
  }

  /** The SSE event type, if the publisher set one. */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** The SSE reconnection time, if the publisher set one. */
  public Optional<Duration> retry() {
    return Optional.ofNullable(retry);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Update u
        && id.equals(u.id)
        && topics.equals(u.topics)
        && data.equals(u.data)
        && privateUpdate == u.privateUpdate
        && Objects.equals(type, u.type)
        && Objects.equals(retry, u.retry);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, topics, data, privateUpdate, type, retry);
  }

  @Override
  public String toString() {
    return "Update{id=" + id + ", topics=" + topics + ", private=" + privateUpdate
        + ", type=" + type + ", retry=" + retry + ", data=" + data.length() + " chars}";
  }

  /** Builds an {@link Update}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private final List<String> topics = new ArrayList<>(2);
    private String data = "";
    private boolean privateUpdate;
    private String type;
    private Duration retry;

    private Builder() {}

    private Builder(Update update) {
      id = update.id;
      topics.addAll(update.topics);
      data = update.data;
      privateUpdate = update.privateUpdate;
      type = update.type;
      retry = update.retry;
    }

    public Builder id(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isEmpty()) {
        throw new IllegalArgumentException("id is empty");
      }
      requireSingleLine("id", id);
      this.id = id;
      return this;
    }

    /** Adds a topic; the first added is canonical. */
    public Builder topic(String topic) {
      Objects.requireNonNull(topic, "topic");
      if (topic.isEmpty()) {
        throw new IllegalArgumentException("topic is empty");
      }
      topics.add(topic);
      return this;
    }

    /** Replaces all topics. */
    public Builder topics(List<String> topics) {
      Objects.requireNonNull(topics, "topics");
      this.topics.clear();
      topics.forEach(this::topic);
      return this;
    }

    public Builder data(String data) {
      this.data = Objects.requireNonNull(data, "data");
      return this;
    }

    public Builder privateUpdate(boolean privateUpdate) {
      this.privateUpdate = privateUpdate;
      return this;
    }

    public Builder type(String type) {
      Objects.requireNonNull(type, "type");
      requireSingleLine("type", type);
      this.type = type.isEmpty() ? null : type;
      return this;
    }

    public Builder retry(Duration retry) {
      Objects.requireNonNull(retry, "retry");
      if (retry.isNegative()) {
        throw new IllegalArgumentException("retry < 0: " + retry);
      }
      this.retry = retry;
      return this;
    }

    public Update build() {
      if (id == null) {
        throw new IllegalStateException("id not set");
      }
      if (topics.isEmpty()) {
        throw new IllegalStateException("no topic");
      }
      return new Update(this);
    }

    private static void requireSingleLine(String field, String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '\r' || c == '\n' || c == '\0') {
          throw new IllegalArgumentException(field + " contains CR, LF or NUL");
        }
      }
    }
  }
}
