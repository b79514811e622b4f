package dev.sluice.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** Binds {@link SluiceMeters} when the application has Micrometer. */
@AutoConfiguration(after = SluiceAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(PublishCounters.class)
public class SluiceMetricsAutoConfiguration {
  @Bean
  public SluiceMeters sluiceMeters(PublishCounters counters, ObjectProvider<HubSubscriptions> subscriptions) {
    return new SluiceMeters(counters, subscriptions.getIfAvailable());
  }
}
