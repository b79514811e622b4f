/**
 * The Server-Sent Events wire format: {@link dev.sluice.ServerSentEvent}, its encoder and parser.
 * No dependencies besides the JDK. {@code dev.sluice.internal} is not exported.
 */
module dev.sluice.core {
  exports dev.sluice;
}
