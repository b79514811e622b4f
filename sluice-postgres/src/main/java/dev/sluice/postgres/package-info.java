/**
 * The PostgreSQL cluster transport: the hub's {@link dev.sluice.hub.spi.UpdateLog} in one table
 * that every node reads, selected with {@code --transport postgresql://…}, and the SQL function
 * {@code sluice.publish(…)} that publishes from inside an application's own transaction.
 *
 * <p>Design (commit-ordered positions, notifications as a wake-up only): docs/architecture.md,
 * "sluice-postgres".
 */
package dev.sluice.postgres;
