/**
 * Internal: the log records, the generation loop and the resuming reader behind
 * {@link dev.sluice.llm.LlmRelay}. Not API; may change without notice.
 */
package dev.sluice.llm.internal;
