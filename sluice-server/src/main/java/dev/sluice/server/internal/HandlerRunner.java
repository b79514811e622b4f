package dev.sluice.server.internal;

import dev.sluice.server.HttpHandler;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Response;
import io.netty.util.concurrent.EventExecutor;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a route's handler in its style and hands the answer back on the connection's event loop:
 * <ul>
 *   <li>a plain handler on the loop itself (no handler executor), answering at once;
 *   <li>a plain handler on the handler executor, where it may block;
 *   <li>an {@link AsyncRoute} on the loop, answering when its stage completes, on any thread.
 * </ul>
 * A handler that throws, returns null or fails its stage is answered with its
 * {@link HttpStatusException}'s status, or {@code 500}. Stateless.
 */
final class HandlerRunner {
  private static final System.Logger LOG = System.getLogger(HandlerRunner.class.getName());
  /** Unexpected handler failures logged per minute; a client can repeat one at will. */
  private static final LogLimiter FAILURE_LOG =
      new LogLimiter(10, java.util.concurrent.TimeUnit.MINUTES.toNanos(1), System::nanoTime);

  private HandlerRunner() {}

  /** Receives the answer on the event loop. */
  @FunctionalInterface
  interface Completion {
    /** {@code keepConnection} false: close the connection after the answer whatever the request asked. */
    void complete(Response response, boolean keepConnection);
  }

  /**
   * Runs {@code handler} for {@code request}; {@code done} is called exactly once on {@code loop},
   * unless the loop has shut down (then the server stopped and nobody is left to answer).
   *
   * @param handlerExecutor where plain handlers run; null for the loop
   */
  static void run(HttpHandler handler, NettyRequest request, EventExecutor loop, Executor handlerExecutor,
      Completion done) {
    if (handler instanceof AsyncRoute async) {
      invokeAsync(async, request).whenComplete((response, failure) -> {
        Response answer = failure == null ? response : failureResponse(request, unwrap(failure));
        onLoop(loop, () -> done.complete(answer, true));
      });
    } else if (handlerExecutor == null) {
      done.complete(invoke(handler, request), true);
    } else {
      try {
        handlerExecutor.execute(() -> {
          Response response = invoke(handler, request);
          onLoop(loop, () -> done.complete(response, true));
        });
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "handler executor refused a request", e);
        done.complete(Response.text(503, "Service Unavailable\n"), false);
      }
    }
  }

  private static void onLoop(EventExecutor loop, Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The server stopped and its channels are closed: nobody is left to answer.
    }
  }

  /** Runs the handler; never throws: failures become error responses. */
  private static Response invoke(HttpHandler handler, NettyRequest request) {
    try {
      Response response = handler.handle(request);
      if (response == null) throw new NullPointerException("handler returned null");
      return response;
    } catch (Exception | Error e) {
      return failureResponse(request, e);
    }
  }

  /** Runs an asynchronous handler; never throws: a failure to start becomes a completed error. */
  private static CompletionStage<Response> invokeAsync(AsyncRoute route, NettyRequest request) {
    try {
      CompletionStage<Response> stage = route.handler().handle(request);
      if (stage == null) throw new NullPointerException("handler returned null");
      return stage.thenApply(response -> {
        if (response == null) throw new NullPointerException("handler completed with null");
        return response;
      });
    } catch (Exception | Error e) {
      return CompletableFuture.completedFuture(failureResponse(request, e));
    }
  }

  /** The answer to a handler's failure: its own status for {@link HttpStatusException}, else 500. */
  private static Response failureResponse(NettyRequest request, Throwable failure) {
    if (failure instanceof HttpStatusException e) {
      Response response = Response.text(e.status(), e.getMessage() + "\n");
      for (Map.Entry<String, String> header : e.headers().entrySet()) {
        response = response.withHeader(header.getKey(), header.getValue());
      }
      return response;
    }
    long suppressed = FAILURE_LOG.tryAcquire();
    if (suppressed >= 0) {
      // The request line only: never the body, which may hold anyone's data.
      LOG.log(Level.ERROR, "handler failed for " + request
          + (suppressed > 0 ? " (" + suppressed + " similar failures not logged)" : ""), failure);
    }
    return Response.text(500, "Internal Server Error\n");
  }

  private static Throwable unwrap(Throwable failure) {
    while (failure instanceof CompletionException && failure.getCause() != null) failure = failure.getCause();
    return failure;
  }
}
