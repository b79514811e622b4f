package example;

import dev.sluice.hub.Hub;
import dev.sluice.hub.HubConfig;
import dev.sluice.hub.auth.AuthConfig;
import dev.sluice.hub.auth.KeySource;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

public class EmbeddedHubExample {
  public static void main(String[] args) throws InterruptedException {
    HubConfig config = HubConfig.builder()
        .bindAddress("127.0.0.1")
        .port(args.length > 0 ? Integer.parseInt(args[0]) : 8080) // 0 picks a free port
        .dataDir(Path.of("sluice-data"))                         // durable history (MVStore)
        .auth(AuthConfig.builder()
            .keys(KeySource.hs256(System.getenv("SLUICE_JWT_KEY")))
            .issuer("https://app.example.com")                    // the iss of tokens signed with it
            .audience("https://hub.example.com/.well-known/mercure") // the aud they name
            .anonymousSubscribers(true)                           // public updates need no token
            .build())
        .build();
    Hub hub = Hub.create(config).start();
    System.out.println("hub at " + hub.url());
    Runtime.getRuntime().addShutdownHook(new Thread(hub::close)); // Ctrl+C stops it gracefully
    new CountDownLatch(1).await(); // the hub's threads are daemons: keep main alive
  }
}
