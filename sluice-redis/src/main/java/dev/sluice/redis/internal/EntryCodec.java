package dev.sluice.redis.internal;

import dev.sluice.hub.spi.Update;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code u} field of a stream entry: an update's body without its id (the id has its own
 * field, {@code i}, so the Lua scripts can index it without decoding this).
 *
 * <p>Version 1: {@code version:u8, flags:u8 (1 private, 2 type, 4 retry), [retryMillis:i64],
 * topicCount:i32, topics…, [type], data}, each string as {@code length:i32, UTF-8 bytes}. A new
 * version adds a byte value; nodes refuse versions they do not know rather than guess.
 */
public final class EntryCodec {
  static final int VERSION = 1;
  private static final int PRIVATE = 1;
  private static final int HAS_TYPE = 2;
  private static final int HAS_RETRY = 4;

  private EntryCodec() {}

  public static byte[] encodeBody(Update update) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + update.data().length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeByte((update.isPrivate() ? PRIVATE : 0)
          | (update.type().isPresent() ? HAS_TYPE : 0)
          | (update.retry().isPresent() ? HAS_RETRY : 0));
      if (update.retry().isPresent()) {
        out.writeLong(update.retry().get().toMillis());
      }
      out.writeInt(update.topics().size());
      for (String topic : update.topics()) {
        write(out, topic);
      }
      if (update.type().isPresent()) {
        write(out, update.type().get());
      }
      write(out, update.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A ByteArrayOutputStream does not fail.
    }
    return bytes.toByteArray();
  }

  /** Rebuilds the update stored under event id {@code id}; throws on a body it cannot read. */
  public static Update decode(String id, byte[] body) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown entry version " + version + " for id " + id);
      }
      int flags = in.readUnsignedByte();
      Update.Builder builder = Update.builder().id(id).privateUpdate((flags & PRIVATE) != 0);
      if ((flags & HAS_RETRY) != 0) {
        builder.retry(Duration.ofMillis(in.readLong()));
      }
      int topics = in.readInt();
      if (topics <= 0 || topics > body.length) {
        throw new IOException("bad topic count " + topics);
      }
      for (int i = 0; i < topics; i++) {
        builder.topic(read(in));
      }
      if ((flags & HAS_TYPE) != 0) {
        builder.type(read(in));
      }
      return builder.data(read(in)).build();
    } catch (IOException e) {
      throw new IllegalStateException("corrupt entry for id " + id, e);
    }
  }

  private static void write(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String read(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("bad string length " + length);
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
