/**
 * Spring Boot auto-configuration for Sluice: {@link dev.sluice.spring.SluicePublisher} from
 * {@code sluice.*} properties, publishing after commit ({@link dev.sluice.spring.SluiceUpdateEvent}),
 * a hub health indicator, Micrometer meters, and a hub-backed backplane for an application's own
 * SSE endpoints ({@link dev.sluice.spring.SluiceSse} for Spring MVC, {@link
 * dev.sluice.spring.SluiceFlux} for WebFlux). See docs/spring.md.
 */
package dev.sluice.spring;
