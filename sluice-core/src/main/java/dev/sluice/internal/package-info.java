/**
 * Implementation details of sluice-core. Not API: anything here may change in any release.
 */
package dev.sluice.internal;
