/**
 * Implementation of {@link dev.sluice.hub.auth}: token extraction, key resolution (static keys and
 * JWKS), signature and claim verification. Not API: anything here may change in any release.
 */
package dev.sluice.hub.internal.auth;
