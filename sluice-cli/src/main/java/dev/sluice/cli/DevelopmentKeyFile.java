package dev.sluice.cli;

import dev.sluice.hub.auth.DevelopmentKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The development key kept in the data directory ({@value #FILE_NAME}, mode 0600), so that the
 * tokens {@code sluice serve} printed keep working after a restart. The file holds the HS256
 * secret as text; whoever can read it can publish, hence the mode.
 */
final class DevelopmentKeyFile {
  static final String FILE_NAME = "dev-jwt-key";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private DevelopmentKeyFile() {}

  /**
   * The secret in {@code dataDir}, made (randomly) the first time.
   *
   * @throws UncheckedIOException when the data directory cannot hold it (the hub cannot start)
   */
  static String loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        String secret = DevelopmentKeys.builder().build().secret();
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
          Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
          return secret;
        } catch (FileAlreadyExistsException raced) {
          // Another hub on the same directory made it first: use theirs.
        }
      }
      Files.setPosixFilePermissions(file, OWNER_ONLY); // Tighten a copy someone made readable.
      String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
      DevelopmentKeys.builder().secret(secret).build(); // Refuses a secret that is too short.
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("data directory " + dataDir
          + " cannot hold the development key: " + e.getClass().getSimpleName() + " "
          + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("development key in " + file + " is unusable ("
          + e.getMessage() + "): delete the file to make a new one", e);
    }
  }
}
