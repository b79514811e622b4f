/**
 * Implementation details of sluice-client. Not API: anything here may change in any release.
 */
package dev.sluice.client.internal;
