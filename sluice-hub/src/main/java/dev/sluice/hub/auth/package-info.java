/**
 * What a user configures for the hub's JWT authorization: the {@link dev.sluice.hub.auth.AuthConfig}
 * given to {@link dev.sluice.hub.HubConfig.Builder#auth}, the {@link dev.sluice.hub.auth.TrustedIssuer}s
 * and their {@link dev.sluice.hub.auth.KeySource}s and {@link dev.sluice.hub.auth.JwksOptions}; and, to mint tokens for publishers and subscribers,
 * {@link dev.sluice.hub.auth.TokenMinter}, {@link dev.sluice.hub.auth.TokenSpec} and
 * {@link dev.sluice.hub.auth.DevelopmentKeys}. The engine that applies them is internal.
 *
 * <p>Every parameter and return value in this package is non-null unless its Javadoc says otherwise;
 * values that may be absent are returned as {@link java.util.Optional}.
 */
package dev.sluice.hub.auth;
