package dev.sluice.server.internal;

import dev.sluice.server.HttpHandler;
import dev.sluice.server.HttpStatusException;
import dev.sluice.server.Request;
import dev.sluice.server.Response;

/** Serves files from the classpath under one URL prefix. */
final class StaticResourceHandler implements HttpHandler {
  private final String urlPrefix;
  private final String classpathRoot;

  StaticResourceHandler(String urlPrefix, String classpathRoot) {
    this.urlPrefix = urlPrefix;
    this.classpathRoot = classpathRoot;
  }

  @Override
  public Response handle(Request request) {
    throw new HttpStatusException(404, "Not Found");
  }
}
