/**
 * The Mercure-protocol hub: publishers POST updates to topics, subscribers receive them over SSE.
 */
package dev.sluice.hub;
