/**
 * Test support shared with other modules through sluice-server's test-jar (only this package is in
 * it): {@link dev.sluice.server.testing.SseClient}, a raw-socket HTTP/1.1 client for event streams
 * and exact wire checks; {@link dev.sluice.server.testing.LeakCheck}, which fails a test on a
 * leaked buffer; {@link dev.sluice.server.testing.FakeClock}, a clock moved by hand. Use it with
 * {@code <type>test-jar</type><scope>test</scope>}.
 */
package dev.sluice.server.testing;
