package dev.sluice.hub.internal.auth;

import dev.sluice.hub.auth.KeySource;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one way from a user's {@link KeySource} to the {@link KeyResolver} it wraps, so that the
 * public class need not expose a type of this unexported package. {@code KeySource} hands over its
 * accessor when it is initialized, which happens before anyone can hold an instance.
 */
public final class KeySources {
  private static volatile Function<KeySource, KeyResolver> access;

  private KeySources() {}

  /** Called once, by {@code KeySource}'s static initializer. */
  public static void grantAccess(Function<KeySource, KeyResolver> accessor) {
    if (access != null) throw new IllegalStateException("access already granted");
    access = Objects.requireNonNull(accessor, "accessor");
  }

  public static KeyResolver resolver(KeySource source) {
    return access.apply(Objects.requireNonNull(source, "source"));
  }
}
