package dev.sluice.redis.internal;

import dev.sluice.hub.spi.History;
import dev.sluice.hub.spi.HistoryLookup;
import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.UpdateLogException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * History reads on the stream, for replay.
 *
 * <p>Forward reads stop at the reader's delivered mark (see {@link StreamReader}): an entry this
 * node has not yet handed to its dispatcher is left to the live feed, never sent twice.
 * Event ids are found through the index hash ({@code HGET}), then the anchor is confirmed in the
 * stream, because retention may have removed the entry a moment before.
 */
public final class StreamHistory {
  private final Supplier<RedisAsyncCommands<String, byte[]>> redis;
  private final String streamKey;
  private final String idsKey;
  private final Supplier<String> delivered;

  public StreamHistory(Supplier<RedisAsyncCommands<String, byte[]>> redis, String streamKey,
      String idsKey, Supplier<String> delivered) {
    this.redis = redis;
    this.streamKey = streamKey;
    this.idsKey = idsKey;
    this.delivered = delivered;
  }

  public CompletionStage<HistoryLookup> after(String eventId, int limit) {
    String mark = delivered.get();
    return guard(redis.get().hget(idsKey, eventId).thenCompose(found -> {
      if (found == null) {
        return CompletableFuture.completedFuture(new HistoryLookup.Unknown(eventId));
      }
      String entryId = new String(found, StandardCharsets.UTF_8);
      boolean beyondMark = StreamIds.compare(entryId, mark) > 0;
      Range<String> range = beyondMark ? Range.create(entryId, entryId) : Range.create(entryId, mark);
      return redis.get().xrange(streamKey, range, Limit.from(limit + 1L)).thenApply(messages -> {
        if (messages.isEmpty() || !messages.get(0).getId().equals(entryId)) {
          return (HistoryLookup) new HistoryLookup.Unknown(eventId); // Trimmed meanwhile.
        }
        StoredUpdate anchor = Entries.toStored(messages.get(0));
        List<StreamMessage<String, byte[]>> rest = messages.subList(1, messages.size());
        return new HistoryLookup.Found(new History(Optional.of(anchor), decode(rest),
            complete(rest, limit, mark)));
      });
    }));
  }

  public CompletionStage<History> from(long afterPosition, int limit) {
    String mark = delivered.get();
    String after = StreamIds.toId(afterPosition);
    if (StreamIds.compare(after, mark) >= 0) {
      return CompletableFuture.completedFuture(new History(Optional.empty(), List.of(), true));
    }
    Range<String> range = Range.from(Range.Boundary.excluding(after), Range.Boundary.including(mark));
    return guard(redis.get().xrange(streamKey, range, Limit.from(limit)).thenApply(messages ->
        new History(Optional.empty(), decode(messages), complete(messages, limit, mark))));
  }

  public CompletionStage<List<StoredUpdate>> before(long position, int limit) {
    Range<String> range = Range.from(Range.Boundary.unbounded(),
        Range.Boundary.excluding(StreamIds.toId(position)));
    return guard(redis.get().xrevrange(streamKey, range, Limit.from(limit)).thenApply(StreamHistory::decode));
  }

  public CompletionStage<Optional<StoredUpdate>> last() {
    return guard(redis.get().xrevrange(streamKey, Range.unbounded(), Limit.from(1)).thenApply(
        messages -> messages.isEmpty() ? Optional.empty() : Optional.of(Entries.toStored(messages.get(0)))));
  }

  /** Complete when the page ends at the mark or holds less than asked: nothing this node knows follows. */
  private static boolean complete(List<StreamMessage<String, byte[]>> page, int limit, String mark) {
    return page.size() < limit || page.get(page.size() - 1).getId().equals(mark);
  }

  private static List<StoredUpdate> decode(List<StreamMessage<String, byte[]>> messages) {
    List<StoredUpdate> updates = new ArrayList<>(messages.size());
    for (StreamMessage<String, byte[]> message : messages) {
      updates.add(Entries.toStored(message));
    }
    return updates;
  }

  /** Turns any Redis failure into the SPI's "unavailable", so the hub answers 503. */
  private static <T> CompletionStage<T> guard(CompletionStage<T> stage) {
    CompletableFuture<T> result = new CompletableFuture<>();
    stage.whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
      } else {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error;
        result.completeExceptionally(cause instanceof UpdateLogException ? cause
            : new UpdateLogException.Unavailable("Redis history read failed: " + cause.getMessage(), cause));
      }
    });
    return result;
  }
}
