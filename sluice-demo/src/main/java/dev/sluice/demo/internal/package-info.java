/**
 * Internal: the demo's scenarios, its JSON helpers and its text generator, mounted through
 * {@link dev.sluice.demo.Demo}. Not an API; anything here may change without notice.
 */
package dev.sluice.demo.internal;
