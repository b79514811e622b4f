package example;

import dev.sluice.publisher.Tokens;
import java.time.Duration;

public class TokensExample {
  public static void main(String[] args) {
    Tokens tokens = Tokens.hs256(System.getenv("SLUICE_JWT_KEY")) // the secret the hub trusts
        .issuer("https://app.example.com")
        .audience("https://hub.example.com/.well-known/mercure")
        .ttl(Duration.ofMinutes(15));

    // Mercure 1.0 tokens (typ at+jwt, iss, aud, authorization_details):
    System.out.println("publisher " + tokens.publisher("*"));
    System.out.println("user-42 " + tokens.subscriber("user-42", "https://example.com/users/42"));
    // Draft-08 tokens (the mercure claim), for hubs in compatibility mode 8
    // (--protocol-version-compatibility 8) or hubs that predate Mercure 1.0.
    Tokens draft08 = Tokens.hs256(System.getenv("SLUICE_JWT_KEY"));
    System.out.println("legacy-publisher " + draft08.legacyPublisher("*"));
    System.out.println("legacy-user-42 " + draft08.legacySubscriber("https://example.com/users/42"));
  }
}
