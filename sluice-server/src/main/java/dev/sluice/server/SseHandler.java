package dev.sluice.server;

/**
 * Serves an event stream that always opens: the shorthand for a route that answers with
 * {@link Response#sse}.
 *
 * <p>When the handler is called the response headers are already written and flushed, so the
 * browser's {@code onopen} has fired or is about to. To refuse a request (401, 403, 400...) or to add
 * response headers, register an {@link HttpHandler} that returns {@code Response.sse(...)} instead.
 *
 * <p>The handler may keep {@code stream} and send from any thread; it need not send anything before
 * it returns. Threading is as for {@link HttpHandler}.
 *
 * <pre>{@code
 * server.sse("/sse/clock", (request, stream) ->
 *     stream.scheduler().scheduleAtFixedRate(
 *         () -> stream.send(ServerSentEvent.of(Instant.now().toString())),
 *         Duration.ZERO, Duration.ofSeconds(1)));
 * }</pre>
 */
@FunctionalInterface
public interface SseHandler {
  void handle(Request request, SseStream stream) throws Exception;
}
