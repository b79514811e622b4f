package dev.sluice.server.internal;

import dev.sluice.server.AsyncHttpHandler;
import dev.sluice.server.HttpHandler;
import dev.sluice.server.Request;
import dev.sluice.server.Response;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * An {@link AsyncHttpHandler} in the router's table of {@link HttpHandler}s. The request handler
 * recognises it and runs it on the loop without waiting; {@link #handle} (waiting for the stage) is
 * only a fallback for callers that need a plain handler.
 */
record AsyncRoute(AsyncHttpHandler handler) implements HttpHandler {
  AsyncRoute {
    Objects.requireNonNull(handler, "handler");
  }

  @Override
  public Response handle(Request request) throws Exception {
    try {
      return handler.handle(request).toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    }
  }
}
