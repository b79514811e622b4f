package dev.sluice.peer.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Spring Boot SseEmitter broadcaster used as a side-by-side peer in Sluice's benchmarks. */
@SpringBootApplication
@EnableScheduling // the subscribers' heartbeat
public class SsePeerApplication {
    public static void main(String[] args) {
        SpringApplication.run(SsePeerApplication.class, args);
    }
}
