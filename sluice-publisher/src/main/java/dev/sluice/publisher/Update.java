package dev.sluice.publisher;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One update to publish: the topics it concerns, its data, and the optional SSE fields. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * Update update = Update.builder()
 *     .topic("https://example.com/books/1")          // canonical topic
 *     .topic("https://example.com/users/42/books/1") // alternate topic
 *     .data("{\"title\":\"Dune\"}")
 *     .privateUpdate(true)
 *     .type("book")
 *     .build();
 * }</pre>
 *
 * <p>Values are checked here against the Mercure rules a hub enforces with {@code 400}, so a bad
 * update fails at {@link Builder#build()} with the field named, before any request is sent.
 */
public final class Update {
  private final List<String> topics;
  private final String data; // Null: no data field.
  private final boolean privateUpdate;
  private final String id; // Null: the publisher makes one.
  private final String type; // Null: no type field.
  private final Duration retry; // Null: no retry field.

  private Update(Builder b) {
    this.topics = List.copyOf(b.topics);
    this.data = b.data;
    this.privateUpdate = b.privateUpdate;
    this.id = b.id;
    this.type = b.type;
    this.retry = b.retry;
  }

  /** An update of {@code topic} carrying {@code data}. */
  public static Update of(String topic, String data) {
    return builder().topic(topic).data(data).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this update's values, to make a changed copy. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.topics.addAll(topics);
    b.data = data;
    b.privateUpdate = privateUpdate;
    b.id = id;
    b.type = type;
    b.retry = retry;
    return b;
  }

  /** The topics, canonical first, then the alternates; never empty. */
  public List<String> topics() {
    return topics;
  }

  /** The canonical topic. */
  public String topic() {
    return topics.get(0);
  }

  public Optional<String> data() {
    return Optional.ofNullable(data);
  }

  /** Whether only subscribers authorized for one of the topics may receive it. */
  public boolean isPrivate() {
    return privateUpdate;
  }

  /** The id asked for; empty means {@link HubPublisher} generates one before the first attempt. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** The SSE event type. */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** The SSE reconnection time sent with the update. */
  public Optional<Duration> retry() {
    return Optional.ofNullable(retry);
  }

  @Override
  public String toString() {
    // No data: it may be large or confidential, and toString() ends up in logs.
    return "Update{topics=" + topics + (id == null ? "" : ", id=" + id)
        + (privateUpdate ? ", private" : "") + (type == null ? "" : ", type=" + type) + "}";
  }

  /** Builds an {@link Update}. Not thread-safe. */
  public static final class Builder {
    private final List<String> topics = new ArrayList<>();
    private String data;
    private boolean privateUpdate;
    private String id;
    private String type;
    private Duration retry;

    private Builder() {}

    /** Adds a topic: the first added is canonical, later ones are alternates. */
    public Builder topic(String topic) {
      requireNonNull(topic, "topic");
      if (topic.isEmpty()) {
        throw new IllegalArgumentException("topic is empty");
      }
      if (topic.equals("*")) {
        throw new IllegalArgumentException("topic '*' is reserved for the wildcard matcher");
      }
      Fields.checkNoControlCharacters("topic", topic);
      topics.add(topic);
      return this;
    }

    /** Adds several topics in order (see {@link #topic(String)}). */
    public Builder topics(List<String> topics) {
      topics.forEach(this::topic);
      return this;
    }

    /** The content; any text, line breaks included (subscribers receive CR and CRLF as LF). */
    public Builder data(String data) {
      this.data = requireNonNull(data, "data");
      return this;
    }

    /** Marks the update private: only subscribers whose token grants one of its topics get it. */
    public Builder privateUpdate(boolean privateUpdate) {
      this.privateUpdate = privateUpdate;
      return this;
    }

    /**
     * The event id. Leave it unset to let {@link HubPublisher} generate one, which it sends on every
     * attempt so that a retried update keeps its id.
     */
    public Builder id(String id) {
      requireNonNull(id, "id");
      if (id.isEmpty()) {
        throw new IllegalArgumentException("id is empty");
      }
      if (id.startsWith("#")) {
        throw new IllegalArgumentException("id must not start with '#' (reserved for the hub): " + id);
      }
      if (id.equals("earliest")) {
        throw new IllegalArgumentException("id 'earliest' is reserved for reconciliation");
      }
      Fields.checkNoControlCharacters("id", id);
      this.id = id;
      return this;
    }

    /** The SSE event type; {@code mercure} is reserved for the hub. */
    public Builder type(String type) {
      requireNonNull(type, "type");
      if (type.isEmpty()) {
        throw new IllegalArgumentException("type is empty");
      }
      if (type.equals("mercure")) {
        throw new IllegalArgumentException("type 'mercure' is reserved for the hub's own events");
      }
      Fields.checkNoControlCharacters("type", type);
      this.type = type;
      return this;
    }

    /** The SSE reconnection time, whole milliseconds. */
    public Builder retry(Duration retry) {
      requireNonNull(retry, "retry");
      if (retry.isNegative()) {
        throw new IllegalArgumentException("retry < 0: " + retry);
      }
      this.retry = retry;
      return this;
    }

    /** @throws IllegalStateException if no topic was added */
    public Update build() {
      if (topics.isEmpty()) {
        throw new IllegalStateException("an update needs at least one topic");
      }
      return new Update(this);
    }
  }
}
