package com.tradinginfra.pm.queue;

import com.tradinginfra.pm.app.CloseRequest;
import com.tradinginfra.pm.app.ExecutionNotice;
import com.tradinginfra.pm.app.SweepRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {
    static final Instant AS_OF = Instant.parse("2026-11-20T20:55:00Z");

    @Test
    void sweepRequestRoundTrips() {
        SweepRequest r = new SweepRequest("large", AS_OF.plusSeconds(15), 1, 100, 5099);
        assertThat(MessageCodec.sweepRequest(MessageCodec.encode(r))).isEqualTo(r);
        SweepRequest all = SweepRequest.all("large", AS_OF, 0);
        assertThat(MessageCodec.sweepRequest(MessageCodec.encode(all))).isEqualTo(all);
        SweepRequest symbols = SweepRequest.symbols("large", AS_OF, 2, "MSFT", "NVDA261218C00150000");
        assertThat(MessageCodec.sweepRequest(MessageCodec.encode(symbols))).isEqualTo(symbols);
        SweepRequest lastRange = SweepRequest.symbols("large", AS_OF, 0, "TSLA", null);
        assertThat(MessageCodec.encode(lastRange)).doesNotContain("toSymbol");
        assertThat(MessageCodec.sweepRequest(MessageCodec.encode(lastRange))).isEqualTo(lastRange);
    }

    @Test
    void closeRequestRoundTrips() {
        CloseRequest r = new CloseRequest("large", 42, 2, "stop_loss", AS_OF);
        assertThat(MessageCodec.closeRequest(MessageCodec.encode(r))).isEqualTo(r);
        CloseRequest noReason = new CloseRequest("large", 42, 1, null, AS_OF);
        assertThat(MessageCodec.closeRequest(MessageCodec.encode(noReason))).isEqualTo(noReason);
    }

    @Test
    void executionNoticeRoundTripsItsUuid() {
        ExecutionNotice n = new ExecutionNotice(UUID.randomUUID());
        String json = MessageCodec.encode(n);
        assertThat(json).contains(n.executionId().toString());
        assertThat(MessageCodec.executionNotice(json)).isEqualTo(n);
    }

    @Test
    void sweepRangeDefaultsToAllLots() {
        SweepRequest r = MessageCodec.sweepRequest("{\"account\":\"large\",\"asOf\":\"2026-11-20T20:55:00Z\"}");
        assertThat(r).isEqualTo(SweepRequest.all("large", AS_OF, 0));
    }

    @Test
    void readsTheDispatchersNotice() {
        assertThat(MessageCodec.executionNotice("{\"execution_id\": \"3f1c1b9e-2a7c-4c8e-9b1e-6a2f0d9c1e11\"}").executionId())
                .isEqualTo(UUID.fromString("3f1c1b9e-2a7c-4c8e-9b1e-6a2f0d9c1e11"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "{\"account\":", "[1,2]", "42", "\"text\"", "null"})
    void malformedBodiesAreRejected(String body) {
        assertThatThrownBy(() -> MessageCodec.closeRequest(body)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("body");
        assertThatThrownBy(() -> MessageCodec.sweepRequest(body)).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.executionNotice(body)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void aNullBodyIsRejected() {
        assertThatThrownBy(() -> MessageCodec.closeRequest(null)).isInstanceOf(MalformedMessageException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "account | {\"lotId\":1,\"attempt\":1,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "account | {\"account\":\"\",\"lotId\":1,\"attempt\":1,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "account | {\"account\":7,\"lotId\":1,\"attempt\":1,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "account | {\"account\":{\"name\":\"large\"},\"lotId\":1,\"attempt\":1,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "lotId | {\"account\":\"large\",\"attempt\":1,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "lotId | {\"account\":\"large\",\"lotId\":\"42\",\"attempt\":1,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "lotId | {\"account\":\"large\",\"lotId\":1.5,\"attempt\":1,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "lotId | {\"account\":\"large\",\"lotId\":null,\"attempt\":1,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "attempt | {\"account\":\"large\",\"lotId\":1,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "attempt | {\"account\":\"large\",\"lotId\":1,\"attempt\":0,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "attempt | {\"account\":\"large\",\"lotId\":1,\"attempt\":true,\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "asOf | {\"account\":\"large\",\"lotId\":1,\"attempt\":1}",
            "asOf | {\"account\":\"large\",\"lotId\":1,\"attempt\":1,\"asOf\":\"yesterday\"}",
            "asOf | {\"account\":\"large\",\"lotId\":1,\"attempt\":1,\"asOf\":1700000000}",
    })
    void aBadCloseRequestFieldIsNamed(String field, String body) {
        assertThatThrownBy(() -> MessageCodec.closeRequest(body)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(field);
    }

    @Test
    void aCloseRequestReasonOfTheWrongTypeIsMalformedAndNamed() {
        String object = "{\"account\":\"large\",\"lotId\":1,\"attempt\":1,\"reason\":{\"code\":\"stop_loss\"},\"asOf\":\"2026-11-20T20:55:00Z\"}";
        String array = "{\"account\":\"large\",\"lotId\":1,\"attempt\":1,\"reason\":[\"stop_loss\",\"take_profit\"],\"asOf\":\"2026-11-20T20:55:00Z\"}";
        assertThatThrownBy(() -> MessageCodec.closeRequest(object)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> MessageCodec.closeRequest(array)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("reason");
    }

    /** The attempt makes the client_order_id: 4294967297 must not silently become attempt 1. */
    @Test
    void numbersBeyondTheirRangeAreMalformedNotTruncated() {
        String attempt = "{\"account\":\"large\",\"lotId\":1,\"attempt\":4294967297,\"asOf\":\"2026-11-20T20:55:00Z\"}";
        assertThatThrownBy(() -> MessageCodec.closeRequest(attempt)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("attempt");
        String slot = "{\"account\":\"large\",\"asOf\":\"2026-11-20T20:55:00Z\",\"slot\":4294967296}";
        assertThatThrownBy(() -> MessageCodec.sweepRequest(slot)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("slot");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "account | {\"asOf\":\"2026-11-20T20:55:00Z\"}",
            "asOf | {\"account\":\"large\"}",
            "asOf | {\"account\":\"large\",\"asOf\":\"2026-13-20T20:55:00Z\"}",
            "slot | {\"account\":\"large\",\"asOf\":\"2026-11-20T20:55:00Z\",\"slot\":\"first\"}",
            "fromLotId | {\"account\":\"large\",\"asOf\":\"2026-11-20T20:55:00Z\",\"fromLotId\":[1]}",
            "toLotId | {\"account\":\"large\",\"asOf\":\"2026-11-20T20:55:00Z\",\"toLotId\":\"max\"}",
            "fromLotId | {\"account\":\"large\",\"asOf\":\"2026-11-20T20:55:00Z\",\"fromLotId\":10,\"toLotId\":5}",
            "fromSymbol | {\"account\":\"large\",\"asOf\":\"2026-11-20T20:55:00Z\",\"fromSymbol\":7}",
            "toSymbol | {\"account\":\"large\",\"asOf\":\"2026-11-20T20:55:00Z\",\"toSymbol\":\"\"}",
            "fromSymbol | {\"account\":\"large\",\"asOf\":\"2026-11-20T20:55:00Z\",\"fromSymbol\":\"MSFT\",\"toSymbol\":\"AAPL\"}",
    })
    void aBadSweepRequestFieldIsNamed(String field, String body) {
        assertThatThrownBy(() -> MessageCodec.sweepRequest(body)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"execution_id\":null}", "{\"execution_id\":\"nope\"}", "{\"execution_id\":17}",
            "{\"executionId\":\"3f1c1b9e-2a7c-4c8e-9b1e-6a2f0d9c1e11\"}"})
    void aBadExecutionNoticeNamesExecutionId(String body) {
        assertThatThrownBy(() -> MessageCodec.executionNotice(body)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("execution_id");
    }

    @Test
    void encodedInstantsAreIso8601() {
        assertThat(MessageCodec.encode(new CloseRequest("large", 1, 1, "manual", AS_OF))).contains("\"2026-11-20T20:55:00Z\"");
    }
}
