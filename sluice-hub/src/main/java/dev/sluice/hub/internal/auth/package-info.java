/**
 * The hub's one authorization room: who may publish, who may subscribe, which private updates a
 * subscriber may read. Not API: anything here may change in any release.
 *
 * <h3>The path of a credential</h3>
 * The endpoints see only the {@link dev.sluice.hub.internal.auth.AccessPolicy} seam (with
 * {@link dev.sluice.hub.internal.auth.NoKeyAccessPolicy} when no key is configured). The JWT policy
 * turns the request into an {@link dev.sluice.hub.internal.auth.AuthRequest}; the
 * {@link dev.sluice.hub.internal.auth.Authorizer} extracts the token
 * ({@link dev.sluice.hub.internal.auth.TokenExtractor}), verifies it against the configured
 * {@link dev.sluice.hub.auth.KeySource}s ({@link dev.sluice.hub.internal.auth.TokenVerifier}),
 * reads the claims ({@link dev.sluice.hub.internal.auth.MercureClaims}) into a
 * {@link dev.sluice.hub.internal.auth.Grant}, which the dispatcher consults through
 * {@link dev.sluice.hub.internal.auth.SubscriberAccess}. A refusal is one
 * {@link dev.sluice.hub.internal.auth.AuthorizationException} (the server's
 * {@code HttpStatusException}, carrying the RFC 6750 challenge) from the decision to the wire.
 *
 * <p>What a user configures lives in {@link dev.sluice.hub.auth}.
 */
package dev.sluice.hub.internal.auth;
