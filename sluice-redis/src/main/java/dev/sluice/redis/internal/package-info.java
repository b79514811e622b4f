/**
 * Internal parts of the Redis transport: stream layout, Lua scripts, the reader thread, backoff
 * and meters. Not API: anything here may change without notice.
 */
package dev.sluice.redis.internal;
