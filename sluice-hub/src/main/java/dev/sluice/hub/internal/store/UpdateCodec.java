package dev.sluice.hub.internal.store;

import dev.sluice.hub.spi.StoredUpdate;
import dev.sluice.hub.spi.Update;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The on-disk form of a stored update: a version byte, then length-prefixed UTF-8 fields.
 *
 * <p>Version 1 layout: {@code version:u8, storedAtMillis:i64, flags:u8 (1 private, 2 type,
 * 4 retry), [retryMillis:i64], id, topicCount:i32, topics…, [type], data}, each string as
 * {@code length:i32, UTF-8 bytes}. New versions add a byte value, never reinterpret an old one.
 */
final class UpdateCodec {
  private static final int VERSION = 1;
  private static final int PRIVATE = 1;
  private static final int HAS_TYPE = 2;
  private static final int HAS_RETRY = 4;

  private UpdateCodec() {}

  static byte[] encode(Update update, Instant storedAt) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + update.data().length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(storedAt.toEpochMilli());
      int flags = (update.isPrivate() ? PRIVATE : 0)
          | (update.type().isPresent() ? HAS_TYPE : 0)
          | (update.retry().isPresent() ? HAS_RETRY : 0);
      out.writeByte(flags);
      if (update.retry().isPresent()) {
        out.writeLong(update.retry().get().toMillis());
      }
      writeString(out, update.id());
      out.writeInt(update.topics().size());
      for (String topic : update.topics()) {
        writeString(out, topic);
      }
      if (update.type().isPresent()) {
        writeString(out, update.type().get());
      }
      writeString(out, update.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // A ByteArrayOutputStream does not fail.
    }
    return bytes.toByteArray();
  }

  static StoredUpdate decode(long position, byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalStateException("unknown record version " + version + " at " + position);
      }
      Instant storedAt = Instant.ofEpochMilli(in.readLong());
      int flags = in.readUnsignedByte();
      Update.Builder builder = Update.builder().privateUpdate((flags & PRIVATE) != 0);
      if ((flags & HAS_RETRY) != 0) {
        builder.retry(Duration.ofMillis(in.readLong()));
      }
      builder.id(readString(in));
      int topics = in.readInt();
      for (int i = 0; i < topics; i++) {
        builder.topic(readString(in));
      }
      if ((flags & HAS_TYPE) != 0) {
        builder.type(readString(in));
      }
      builder.data(readString(in));
      return new StoredUpdate(builder.build(), position, storedAt);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt record at " + position, e);
    }
  }

  /** Reads only the stored-at time, for retention by age without decoding the whole record. */
  static Instant storedAt(byte[] encoded) {
    long millis = 0;
    for (int i = 1; i < 9; i++) {
      millis = (millis << 8) | (encoded[i] & 0xff);
    }
    return Instant.ofEpochMilli(millis);
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("bad string length " + length);
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
