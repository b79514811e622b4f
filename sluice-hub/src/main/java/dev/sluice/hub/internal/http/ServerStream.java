package dev.sluice.hub.internal.http;

import dev.sluice.ServerSentEvent;
import dev.sluice.hub.internal.dispatch.SubscriberStream;
import dev.sluice.server.SseStream;

/** A sluice-server {@link SseStream} seen as the dispatcher's {@link SubscriberStream}. */
final class ServerStream implements SubscriberStream {
  final SseStream stream;

  ServerStream(SseStream stream) {
    this.stream = stream;
  }

  @Override
  public boolean send(ServerSentEvent event) {
    return stream.send(event);
  }

  @Override
  public void close() {
    stream.close();
  }

  @Override
  public boolean isOpen() {
    return stream.isOpen();
  }

  @Override
  public void onClose(Runnable callback) {
    stream.onClose(callback);
  }
}
