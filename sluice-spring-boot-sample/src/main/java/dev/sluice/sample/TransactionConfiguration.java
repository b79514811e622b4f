package dev.sluice.sample;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Without a database the sample's transactions are {@link InMemoryTransactionManager}'s; with
 * {@code spring.datasource.url} set, Spring Boot's {@code DataSourceTransactionManager} takes over
 * (see {@link Shipments}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class TransactionConfiguration {
  @Bean
  PlatformTransactionManager transactionManager() {
    return new InMemoryTransactionManager();
  }
}
