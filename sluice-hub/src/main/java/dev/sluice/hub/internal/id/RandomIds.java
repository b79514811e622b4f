package dev.sluice.hub.internal.id;

import java.util.UUID;
import java.util.function.Supplier;

/** Generates opaque {@code urn:uuid:} event ids as random UUIDv4. Thread-safe. */
public final class RandomIds implements Supplier<String> {
  @Override
  public String get() {
    return "urn:uuid:" + UUID.randomUUID();
  }
}
