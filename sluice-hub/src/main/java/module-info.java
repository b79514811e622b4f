/**
 * The Mercure hub on sluice-server. Exported: {@code dev.sluice.hub} ({@code Hub}, {@code HubConfig},
 * {@code FsyncPolicy}, {@code HubMeters}), {@code dev.sluice.hub.auth} (what a user configures for
 * authorization, and token minting) and {@code dev.sluice.hub.spi} (for transports such as
 * sluice-redis). Everything under {@code dev.sluice.hub.internal} stays inside.
 */
// Micrometer and H2's MVStore ship an Automatic-Module-Name, no descriptor.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.sluice.hub {
  requires transitive dev.sluice.server; // Hub.Builder.routes takes an SseServer.Builder.
  requires transitive dev.sluice.publisher; // Hub.publish takes the publisher's Update.
  requires transitive micrometer.core; // Hub.meterRegistry() and UpdateLog.bindMetrics.
  requires micrometer.registry.prometheus;
  requires transitive com.nimbusds.jose.jwt; // JwksOptions names JWSAlgorithms.
  requires com.fasterxml.jackson.databind;
  requires com.h2database.mvstore;
  requires io.netty.codec.http; // ServerCookieDecoder.
  requires java.net.http; // JWKS fetching.

  exports dev.sluice.hub;
  exports dev.sluice.hub.auth;
  exports dev.sluice.hub.spi;

  // Cluster transports (sluice-redis) are found by URI scheme.
  uses dev.sluice.hub.spi.UpdateLogProvider;
}
