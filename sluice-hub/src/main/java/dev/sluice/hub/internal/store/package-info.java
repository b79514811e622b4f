/**
 * The embedded {@link dev.sluice.hub.spi.UpdateLog} implementations: a durable MVStore log and a
 * bounded in-memory ring. Not API: anything here may change in any release.
 */
package dev.sluice.hub.internal.store;
