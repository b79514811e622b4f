package dev.sluice.server;

/**
 * Answers one HTTP request.
 *
 * <p>A handler returns an ordinary {@link Response} (text, JSON, bytes, a status), or
 * {@link Response#sse} to open an event stream; it may also refuse with an
 * {@link HttpStatusException}. Any other exception becomes a {@code 500} with a short plain body
 * (the stack trace is logged, never sent).
 *
 * <h3>Threading</h3>
 * Handlers run on the connection's event loop unless the server has a
 * {@linkplain SseServer.Builder#handlerExecutor handler executor}; on the event loop they must not
 * block. One handler instance serves all requests concurrently, so it must be thread-safe.
 *
 * <pre>{@code
 * server.post("/api/echo", request -> Response.text(request.bodyAsString()));
 * }</pre>
 */
@FunctionalInterface
public interface HttpHandler {
  Response handle(Request request) throws Exception;
}
