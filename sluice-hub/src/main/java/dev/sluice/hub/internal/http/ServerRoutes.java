package dev.sluice.hub.internal.http;

import dev.sluice.server.AsyncHttpHandler;
import dev.sluice.server.HttpHandler;
import dev.sluice.server.Response;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Serves a hub route function on sluice-server: request in, {@link HubResponse} out. */
public final class ServerRoutes {
  private ServerRoutes() {}

  public static HttpHandler handler(Function<HttpCall, HubResponse> route) {
    return request -> toResponse(route.apply(new ServerCall(request)));
  }

  /** For routes that answer without blocking; see {@link AsyncHttpHandler}. */
  public static AsyncHttpHandler asyncHandler(Function<HttpCall, CompletionStage<HubResponse>> route) {
    return request -> route.apply(new ServerCall(request)).thenApply(ServerRoutes::toResponse);
  }

  static Response toResponse(HubResponse hub) {
    Response response;
    if (hub.isStream()) {
      response = Response.sse(stream -> hub.onOpen().accept(new ServerStream(stream)));
    } else {
      String type = hub.headers().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      response = type == null
          ? (hub.body().length == 0 ? Response.status(hub.status())
              : Response.bytes(hub.status(), "application/octet-stream", hub.body()))
          : Response.bytes(hub.status(), type, hub.body());
    }
    for (Map.Entry<String, String> header : hub.headers()) {
      if (!header.getKey().equalsIgnoreCase("Content-Type")) {
        response = response.withHeader(header.getKey(), header.getValue());
      }
    }
    return response;
  }
}
