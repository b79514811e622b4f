package example;

import dev.sluice.ServerSentEvent;
import dev.sluice.server.Response;
import dev.sluice.server.SseServer;
import dev.sluice.server.StreamGroup;
import java.util.List;

public class ServerExample {
  public static void main(String[] args) throws InterruptedException {
    StreamGroup room = StreamGroup.create(); // streams leave it by themselves when they close
    SseServer server = SseServer.builder()
        .bindAddress("127.0.0.1")
        .port(args.length > 0 ? Integer.parseInt(args[0]) : 8080) // 0 picks a free port
        .sse("/room", (request, stream) -> room.add(stream))
        .post("/room", request -> {
          String text = request.formParameters().getOrDefault("text", List.of("")).get(0);
          int members = room.send(ServerSentEvent.of("message", text)); // encoded once
          return Response.text("sent to " + members + "\n");
        })
        .build();
    System.out.println("listening on http://127.0.0.1:" + server.start() + "/room");
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.awaitShutdown();
  }
}
