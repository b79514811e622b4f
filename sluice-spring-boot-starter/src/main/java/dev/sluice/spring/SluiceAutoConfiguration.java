package dev.sluice.spring;

import dev.sluice.publisher.HubPublisher;
import dev.sluice.publisher.RetryPolicy;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets up publishing and the SSE backplane when {@code sluice.hub.url} is set. Every bean backs off
 * when the application defines its own of the same type.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "sluice.hub", name = "url")
@EnableConfigurationProperties(SluiceProperties.class)
public class SluiceAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public HubTokens sluiceHubTokens(SluiceProperties properties) {
    return HubTokens.from(properties);
  }

  @Bean
  @ConditionalOnMissingBean
  public PublishCounters sluicePublishCounters() {
    return new PublishCounters();
  }

  @Bean
  @ConditionalOnMissingBean
  public HubPublisher sluiceHubPublisher(SluiceProperties properties, HubTokens tokens, PublishCounters counters) {
    SluiceProperties.Publisher p = properties.getPublisher();
    return HubPublisher.builder(properties.getHub().getUrl())
        .tokenSupplier(() -> {
          counters.recordAttempt(); // The publisher asks for a token before every attempt: that is how retries are counted.
          return tokens.publisherToken();
        })
        .connectTimeout(p.getConnectTimeout())
        .requestTimeout(p.getRequestTimeout())
        .retryPolicy(RetryPolicy.defaults().maxAttempts(p.getMaxAttempts())
            .initialDelay(p.getInitialRetryDelay()).maxDelay(p.getMaxRetryDelay()))
        .build();
  }

  @Bean
  @ConditionalOnMissingBean
  public SluicePublisher sluicePublisher(HubPublisher publisher, PublishCounters counters) {
    return new SluicePublisher(publisher, counters);
  }

  @Bean
  @ConditionalOnMissingBean
  public HubSubscriptions sluiceHubSubscriptions(SluiceProperties properties, HubTokens tokens) {
    return new HubSubscriptions(properties.getHub().getUrl(), tokens::subscriberToken);
  }

  /** Spring MVC applications: {@link SluiceSse}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.annotation.SseEmitter")
  static class MvcBackplane {
    @Bean
    @ConditionalOnMissingBean
    public SluiceSse sluiceSse(HubSubscriptions subscriptions, SluiceProperties properties) {
      SluiceProperties.Sse sse = properties.getSse();
      return new SluiceSse(subscriptions, sse.getHeartbeat(), sse.getTimeout(), sse.getReconnectDelay());
    }
  }

  /** Reactor on the classpath (WebFlux, or MVC returning a Flux): {@link SluiceFlux}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"reactor.core.publisher.Flux", "org.springframework.http.codec.ServerSentEvent"})
  static class FluxBackplane {
    @Bean
    @ConditionalOnMissingBean
    public SluiceFlux sluiceFlux(HubSubscriptions subscriptions, SluiceProperties properties) {
      SluiceProperties.Sse sse = properties.getSse();
      return new SluiceFlux(subscriptions, sse.getHeartbeat(), sse.getTimeout(), sse.getReconnectDelay(),
          sse.getBufferSize());
    }
  }

  /** Spring's transaction events on the classpath: {@link AfterCommitPublisher}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.transaction.event.TransactionalEventListener")
  static class AfterCommit {
    @Bean
    @ConditionalOnMissingBean
    public AfterCommitPublisher sluiceAfterCommitPublisher(SluicePublisher publisher) {
      return new AfterCommitPublisher(publisher);
    }
  }
}
