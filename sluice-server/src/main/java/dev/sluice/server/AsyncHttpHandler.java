package dev.sluice.server;

import java.util.concurrent.CompletionStage;

/**
 * Answers one HTTP request later, without holding a thread while it waits: for handlers whose answer
 * depends on I/O done elsewhere (a store's commit, a remote call).
 *
 * <h3>Threading</h3>
 * {@link #handle} always runs on the connection's event loop, even when the server has a
 * {@linkplain SseServer.Builder#handlerExecutor handler executor}, so it must return quickly and
 * never block; the stage may complete on any thread. The response is written on the event loop.
 * Skipping the executor saves two thread hand-offs per request: under load, each is a wait for a
 * core, and they were most of a publish's round trip on a busy server.
 *
 * <p>A stage that completes exceptionally is answered like a thrown exception: an
 * {@link HttpStatusException} becomes its status, anything else a {@code 500} (logged, not sent).
 * A stage that never completes leaves the request unanswered, so bound it (for example with
 * {@link java.util.concurrent.CompletableFuture#orTimeout}).
 *
 * <pre>{@code
 * server.routeAsync("POST", "/orders", request -> store.save(request.bodyAsString())
 *     .thenApply(id -> Response.text(201, id)));
 * }</pre>
 */
@FunctionalInterface
public interface AsyncHttpHandler {
  CompletionStage<Response> handle(Request request) throws Exception;
}
