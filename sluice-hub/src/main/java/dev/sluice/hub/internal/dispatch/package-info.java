/**
 * Dispatch: from the log's listener to every matching, authorized subscriber, with replay joined
 * to the live feed. Not API: anything here may change in any release.
 */
package dev.sluice.hub.internal.dispatch;
