/**
 * Implementation details of sluice-hub. Not API: anything here may change in any release.
 */
package dev.sluice.hub.internal;
