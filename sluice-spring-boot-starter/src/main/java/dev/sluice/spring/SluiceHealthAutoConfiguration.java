package dev.sluice.spring;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The hub's health as {@code sluice} under {@code /actuator/health}, when the application has
 * Actuator; switched off with {@code management.health.sluice.enabled=false}.
 */
@AutoConfiguration(after = SluiceAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator")
@ConditionalOnProperty(prefix = "sluice.hub", name = "url")
@ConditionalOnEnabledHealthIndicator("sluice")
@EnableConfigurationProperties(SluiceProperties.class)
public class SluiceHealthAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean(name = "sluiceHealthIndicator")
  public SluiceHubHealthIndicator sluiceHealthIndicator(SluiceProperties properties) {
    return new SluiceHubHealthIndicator(properties.getHub().getUrl(), properties.getHub().getHealthTimeout());
  }
}
