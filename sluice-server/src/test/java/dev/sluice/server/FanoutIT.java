package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.testing.LeakCheck;
import dev.sluice.server.testing.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class FanoutIT {
  private static final int STREAMS = 100;
  private static final int EVENTS = 300;

  private final BlockingQueue<SseStream> opened = new ArrayBlockingQueue<>(STREAMS * 2);
  private SseServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
  }

  @Test
  void deliversEveryEventExactlyOnceInOrderToEveryStream() throws Exception {
    server = SseServer.builder().port(0).bindAddress("127.0.0.1").ioThreads(2)
        .sse("/events", (request, stream) -> opened.add(stream)).build();
    int port = server.start();
    List<SseClient> clients = new ArrayList<>();
    List<SseStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < STREAMS; i++) clients.add(SseClient.open(port, "/events"));
      for (int i = 0; i < STREAMS; i++) streams.add(opened.poll(10, TimeUnit.SECONDS));
      assertThat(streams).doesNotContainNull();

      for (int i = 0; i < EVENTS; i++) {
        try (EncodedEvent event = EncodedEvent.of(ServerSentEvent.builder().id(Integer.toString(i)).data("e" + i).build())) {
          assertThat(Fanout.send(event, streams)).isEqualTo(STREAMS);
        } // Our reference released at once; the streams hold their own until written.
      }

      for (SseClient client : clients) {
        for (int i = 0; i < EVENTS; i++) {
          ServerSentEvent event = client.nextEvent();
          assertThat(event.id()).contains(Integer.toString(i));
          assertThat(event.data()).isEqualTo("e" + i);
        }
      }
      assertThat(server.stats().deliveries()).isEqualTo((long) STREAMS * EVENTS);
    } finally {
      for (SseClient client : clients) client.close();
    }
  }

  @Test
  void groupSendsToMembersAndForgetsClosedOnes() throws Exception {
    StreamGroup room = StreamGroup.create();
    server = SseServer.builder().port(0).bindAddress("127.0.0.1")
        .sse("/room", (request, stream) -> {
          room.add(stream);
          opened.add(stream);
        }).build();
    int port = server.start();
    try (SseClient alice = SseClient.open(port, "/room")) {
      SseStream aliceStream = opened.poll(10, TimeUnit.SECONDS);
      SseClient bob = SseClient.open(port, "/room");
      SseStream bobStream = opened.poll(10, TimeUnit.SECONDS);
      assertThat(room.size()).isEqualTo(2);
      assertThat(room.send(ServerSentEvent.of("chat-message", "hi"))).isEqualTo(2);
      assertThat(alice.nextEvent().data()).isEqualTo("hi");
      assertThat(bob.nextEvent().data()).isEqualTo("hi");

      BlockingQueue<Boolean> bobGone = new ArrayBlockingQueue<>(1);
      bobStream.onClose(() -> bobGone.add(true));
      bob.close();
      assertThat(bobGone.poll(10, TimeUnit.SECONDS)).isTrue();
      assertThat(room.size()).isEqualTo(1);
      assertThat(room.send(ServerSentEvent.of("again"))).isEqualTo(1);
      assertThat(alice.nextEvent().data()).isEqualTo("again");
      assertThat(aliceStream.isOpen()).isTrue();
    }
  }
}
