package dev.sluice.sample;

import dev.sluice.spring.SluiceFlux;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** WebFlux: the same endpoint returns a {@link Flux} fed from the hub. */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
class ReactiveTicks {
  private final SluiceFlux sluiceFlux;

  ReactiveTicks(SluiceFlux sluiceFlux) {
    this.sluiceFlux = sluiceFlux;
  }

  @GetMapping(path = "/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<String>> ticks(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    return sluiceFlux.flux(SampleApplication.TICKS, lastEventId);
  }
}
