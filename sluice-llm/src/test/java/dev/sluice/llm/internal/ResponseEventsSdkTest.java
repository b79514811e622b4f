package dev.sluice.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK parses and validates every event and object the relay builds. */
class ResponseEventsSdkTest {
  private static final String ID = "resp_0123abcd";
  private static final String ITEM = "msg_0123abcd";

  private static ResponseStreamEvent parse(ObjectNode event) throws Exception {
    return ObjectMappers.jsonMapper().readValue(Json.write(event), ResponseStreamEvent.class).validate();
  }

  private static ObjectNode created() {
    return ResponseEvents.response(ID, "sluice-demo", 1_700_000_000L, true, null);
  }

  @Test
  void everyEventOfAStreamValidates() throws Exception {
    assertThat(parse(ResponseEvents.withResponse("response.created", 0, created())).isCreated()).isTrue();
    assertThat(parse(ResponseEvents.withResponse("response.in_progress", 1, created())).isInProgress()).isTrue();
    assertThat(parse(ResponseEvents.itemEvent("response.output_item.added", 2,
        ResponseEvents.message(ITEM, "in_progress", null))).isOutputItemAdded()).isTrue();
    assertThat(parse(ResponseEvents.partEvent("response.content_part.added", 3, ITEM, "")).isContentPartAdded()).isTrue();
    ResponseStreamEvent delta = parse(ResponseEvents.delta(4, ITEM, "Hello"));
    assertThat(delta.asOutputTextDelta().delta()).isEqualTo("Hello");
    assertThat(delta.asOutputTextDelta().sequenceNumber()).isEqualTo(4);
    assertThat(parse(ResponseEvents.textDone(5, ITEM, "Hello")).asOutputTextDone().text()).isEqualTo("Hello");
    assertThat(parse(ResponseEvents.partEvent("response.content_part.done", 6, ITEM, "Hello")).isContentPartDone()).isTrue();
    assertThat(parse(ResponseEvents.itemEvent("response.output_item.done", 7,
        ResponseEvents.message(ITEM, "completed", "Hello"))).isOutputItemDone()).isTrue();

    ObjectNode done = created();
    done.put("status", "completed");
    done.putArray("output").add(ResponseEvents.message(ITEM, "completed", "Hello"));
    done.set("usage", ResponseEvents.usage(3, 1));
    Response completed = parse(ResponseEvents.withResponse("response.completed", 8, done)).asCompleted().response();
    assertThat(completed.status()).contains(ResponseStatus.COMPLETED);
    assertThat(completed.usage()).hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(4));
    assertThat(completed.output().get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo("Hello");
  }

  @Test
  void aLostGenerationReadsAsFailedWithItsTextSoFar() throws Exception {
    ResponseFold fold = new ResponseFold();
    fold.accept(record(0, "response.created", ResponseEvents.withResponse("response.created", 0, created())));
    fold.accept(record(1, "response.output_item.added", ResponseEvents.itemEvent("response.output_item.added", 1,
        ResponseEvents.message(ITEM, "in_progress", null))));
    fold.accept(record(2, "response.output_text.delta", ResponseEvents.delta(2, ITEM, "half an ans")));

    ObjectNode lost = fold.lostResponse();
    Response response = parse(ResponseEvents.withResponse("response.failed", 3, lost)).asFailed().response();
    assertThat(response.status()).contains(ResponseStatus.FAILED);
    assertThat(response.error()).hasValueSatisfying(e -> assertThat(e.message()).contains("stopped"));
    assertThat(response.output().get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo("half an ans");
    assertThat(fold.isTerminal()).isFalse();
    assertThat(fold.lastSequence()).isEqualTo(2);
  }

  private static dev.sluice.hub.spi.StoredUpdate record(long sequence, String type, ObjectNode event) {
    return new dev.sluice.hub.spi.StoredUpdate(LogRecords.record(ID, LogRecords.eventId(ID, sequence), type,
        Json.write(event)), sequence + 10, java.time.Instant.now());
  }
}
