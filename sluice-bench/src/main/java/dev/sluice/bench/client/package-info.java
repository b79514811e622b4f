/** Benchmarks of sluice-client reading real loopback streams. */
package dev.sluice.bench.client;
