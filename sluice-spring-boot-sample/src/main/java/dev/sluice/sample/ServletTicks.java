package dev.sluice.sample;

import dev.sluice.spring.SluiceSse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Spring MVC: the endpoint returns an {@link SseEmitter} fed from the hub. */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ServletTicks {
  private final SluiceSse sluiceSse;

  ServletTicks(SluiceSse sluiceSse) {
    this.sluiceSse = sluiceSse;
  }

  @GetMapping(path = "/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter ticks(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    return sluiceSse.emitter(SampleApplication.TICKS, lastEventId);
  }
}
