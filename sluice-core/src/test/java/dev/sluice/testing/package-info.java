/**
 * Test support that other modules reuse through sluice-core's test-jar: the conformance corpus
 * ({@link dev.sluice.testing.ConformanceCorpus}), the browser-side rendering of events ({@link
 * dev.sluice.testing.BrowserEvents}) and the every-chunking parser harness ({@link
 * dev.sluice.testing.ChunkedFeeder}). Test code, not API: it may change with any commit.
 */
package dev.sluice.testing;
