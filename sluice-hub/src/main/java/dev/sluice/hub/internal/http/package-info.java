/**
 * The hub's HTTP endpoints, written against a small request/response view so the protocol logic
 * does not depend on one server. Not API: anything here may change in any release.
 */
package dev.sluice.hub.internal.http;
