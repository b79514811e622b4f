/**
 * The classic SSE tutorial scenarios as live endpoints with browser pages, mountable on any
 * {@code SseServer}. {@code dev.sluice.demo.internal} is not exported.
 */
module dev.sluice.demo {
  requires transitive dev.sluice.server; // Demo.mount takes an SseServer.Builder.
  requires com.fasterxml.jackson.databind;

  exports dev.sluice.demo;
  // The browser pages, read as resources by sluice-server's static handler.
  opens dev.sluice.demo.pages;
}
