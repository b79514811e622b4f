/**
 * JWT authorization for the hub: who may publish, who may subscribe, and which private updates a
 * subscriber may read.
 *
 * <p>The engine builds one {@link dev.sluice.hub.auth.Authorizer} from an {@link dev.sluice.hub.auth.AuthConfig},
 * hands it the raw credentials of each request as an {@link dev.sluice.hub.auth.AuthRequest}, and gets back
 * an immutable {@link dev.sluice.hub.auth.Grant} or an {@link dev.sluice.hub.auth.AuthorizationException}
 * that carries the HTTP status and a ready {@code WWW-Authenticate} value.
 *
 * <p>Every parameter and return value in this package is non-null unless its Javadoc says otherwise;
 * values that may be absent are returned as {@link java.util.Optional}.
 */
package dev.sluice.hub.auth;
