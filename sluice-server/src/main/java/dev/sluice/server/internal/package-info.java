/**
 * Internal: the Netty handlers, routing and runtime behind {@link dev.sluice.server.SseServer}. Not
 * an API; anything here may change without notice.
 */
package dev.sluice.server.internal;
