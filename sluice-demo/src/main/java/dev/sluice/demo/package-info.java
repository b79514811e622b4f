/**
 * The Sluice demo: every classic Server-Sent Events tutorial scenario as live endpoints with browser
 * pages, mounted on a {@link dev.sluice.server.SseServer} with {@link dev.sluice.demo.Demo#mount}.
 *
 * <p>Every parameter and return value in this package is non-null.
 */
package dev.sluice.demo;
