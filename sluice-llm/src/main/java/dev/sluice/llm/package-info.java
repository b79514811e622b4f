/**
 * Resumable LLM streams: an OpenAI Responses API relay whose every event is stored in the hub's
 * {@link dev.sluice.hub.spi.UpdateLog} before it is sent, so any node sharing the log can resume,
 * cancel or read a response. Start at {@link dev.sluice.llm.LlmRelay}; the design is in
 * {@code docs/llm.md}.
 */
package dev.sluice.llm;
