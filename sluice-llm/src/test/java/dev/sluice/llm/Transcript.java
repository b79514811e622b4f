package dev.sluice.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a client saw of one response over one or more streams: sequence numbers, deltas, the end. */
final class Transcript {
  final List<Long> sequences = new ArrayList<>();
  final StringBuilder deltas = new StringBuilder();
  String responseId;
  String lastType;
  Response finalResponse;

  /** Takes one event; returns its type. */
  String add(ResponseStreamEvent event) {
    long sequence;
    String type;
    if (event.isCreated()) {
      responseId = event.asCreated().response().id();
      sequence = event.asCreated().sequenceNumber();
      type = "response.created";
    } else if (event.isOutputTextDelta()) {
      deltas.append(event.asOutputTextDelta().delta());
      sequence = event.asOutputTextDelta().sequenceNumber();
      type = "response.output_text.delta";
    } else if (event.isCompleted()) {
      finalResponse = event.asCompleted().response();
      sequence = event.asCompleted().sequenceNumber();
      type = "response.completed";
    } else if (event.isFailed()) {
      finalResponse = event.asFailed().response();
      sequence = event.asFailed().sequenceNumber();
      type = "response.failed";
    } else if (event.isInProgress()) {
      sequence = event.asInProgress().sequenceNumber();
      type = "response.in_progress";
    } else if (event.isOutputItemAdded()) {
      sequence = event.asOutputItemAdded().sequenceNumber();
      type = "response.output_item.added";
    } else if (event.isContentPartAdded()) {
      sequence = event.asContentPartAdded().sequenceNumber();
      type = "response.content_part.added";
    } else if (event.isOutputTextDone()) {
      assertThat(event.asOutputTextDone().text()).isEqualTo(deltas.toString());
      sequence = event.asOutputTextDone().sequenceNumber();
      type = "response.output_text.done";
    } else if (event.isContentPartDone()) {
      sequence = event.asContentPartDone().sequenceNumber();
      type = "response.content_part.done";
    } else if (event.isOutputItemDone()) {
      sequence = event.asOutputItemDone().sequenceNumber();
      type = "response.output_item.done";
    } else if (event.isIncomplete()) {
      finalResponse = event.asIncomplete().response();
      sequence = event.asIncomplete().sequenceNumber();
      type = "response.incomplete";
    } else {
      // response.cancelled: the SDK has no class for it and keeps it as raw JSON.
      Map<?, ?> json = event._json().orElseThrow(() -> new AssertionError("unexpected event " + event))
          .convert(Map.class);
      sequence = ((Number) json.get("sequence_number")).longValue();
      type = (String) json.get("type");
    }
    sequences.add(sequence);
    lastType = type;
    return type;
  }

  long lastSequence() {
    return sequences.get(sequences.size() - 1);
  }

  /** The text of the final response's message. */
  static String outputText(Response response) {
    StringBuilder text = new StringBuilder();
    response.output().forEach(item -> item.message().ifPresent(message ->
        message.content().forEach(part -> part.outputText().ifPresent(t -> text.append(t.text())))));
    return text.toString();
  }

  void assertContiguousFromZero() {
    for (int i = 0; i < sequences.size(); i++) {
      assertThat(sequences.get(i)).as("sequence number at %d", i).isEqualTo(i);
    }
  }
}
