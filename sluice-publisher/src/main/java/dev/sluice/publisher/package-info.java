/**
 * Publishes updates to a Mercure hub over HTTP and mints the tokens that authorize it, with nothing
 * but the JDK.
 *
 * <pre>{@code
 * HubPublisher publisher = HubPublisher.builder(URI.create("https://hub.example.com/.well-known/mercure"))
 *     .token(System.getenv("PUBLISHER_TOKEN"))
 *     .build();
 * String id = publisher.publish(Update.builder()
 *     .topic("https://example.com/books/1")
 *     .data("{\"title\":\"Dune\"}")
 *     .build());
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.sluice.publisher.Update}: what is published (topics, data, private, id, type,
 *       retry), immutable.
 *   <li>{@link dev.sluice.publisher.HubPublisher}: sends it, synchronously or not, retrying only
 *       where retrying is safe.
 *   <li>{@link dev.sluice.publisher.JdbcPublisher}: publishes inside the application's own
 *       database transaction, through the PostgreSQL transport's {@code sluice.publish} function,
 *       so that an update is delivered if and only if the transaction commits.
 *   <li>{@link dev.sluice.publisher.Tokens}: HS256 tokens for publishers and subscribers, in the
 *       Mercure 1.0 shape and the earlier {@code mercure}-claim shape.
 *   <li>{@link dev.sluice.publisher.PublishException} and its subclasses: what went wrong, with the
 *       hub's status and reason.
 * </ul>
 */
package dev.sluice.publisher;
