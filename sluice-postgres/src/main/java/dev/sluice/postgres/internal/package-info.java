/** Internal: the reader, pool, schema and SQL of sluice-postgres. May change in any release. */
package dev.sluice.postgres.internal;
