/**
 * Publishes updates to a Mercure hub and mints HS256 tokens, with nothing but the JDK. Exported:
 * {@code dev.sluice.publisher}. A named module (not an automatic one) so that the hub's module can
 * require it: an embedded {@code Hub} publishes the same {@code Update} in-process.
 */
module dev.sluice.publisher {
  requires transitive java.net.http; // HubPublisher's exceptions carry java.net.http causes.
  requires transitive java.sql; // JdbcPublisher publishes on the application's own java.sql.Connection.

  exports dev.sluice.publisher;
}
