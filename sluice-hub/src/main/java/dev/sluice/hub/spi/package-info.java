/**
 * The hub's storage and transport seam: where updates are appended, how every node hears of them,
 * and how history is read back for replay.
 *
 * <p>The hub core talks only to {@link dev.sluice.hub.spi.UpdateLog}. The embedded stores
 * (MVStore on disk, a bounded in-memory ring) and cluster transports such as Redis Streams
 * implement it; {@link dev.sluice.hub.spi.UpdateLogProvider} lets a transport in another module be
 * selected by URI scheme ({@code redis://…}) without the hub knowing it exists.
 */
package dev.sluice.hub.spi;
