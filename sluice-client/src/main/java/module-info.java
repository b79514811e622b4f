/**
 * An {@code EventSource} client for the JVM, on {@code java.net.http}. Depends on nothing but the JDK
 * and sluice-core. {@code dev.sluice.client.internal} is not exported.
 */
module dev.sluice.client {
  requires transitive dev.sluice.core; // Listeners receive ServerSentEvents.
  requires transitive java.net.http; // HttpClientTransport takes an HttpClient.

  exports dev.sluice.client;
}
