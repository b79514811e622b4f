package dev.sluice.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The sample has no database; see {@link InMemoryTransactionManager}. */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {
  @Bean
  PlatformTransactionManager transactionManager() {
    return new InMemoryTransactionManager();
  }
}
