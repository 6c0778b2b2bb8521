package com.tradinginfra.pm.embedded.sim;

import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.domain.BrokerException;
import com.tradinginfra.pm.domain.BrokerFailure;
import com.tradinginfra.pm.domain.OrderRequest;
import com.tradinginfra.pm.domain.OrderSide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A connection the server closed: a GET goes once more on a new one; a POST is never re-sent. */
class StaleConnectionTest {
    @Test
    void aGetMeetingADeadConnectionIsRetriedOnceAndAPostIsNot() {
        try (AlpacaSimulator sim = AlpacaSimulator.start(); AlpacaBroker broker = new AlpacaBroker(sim.settings("large"))) {
            sim.setPrice("STL", "10.00");
            sim.openPosition("large", "STL", BigDecimal.TEN, new BigDecimal("10.00"));
            sim.faults().resetConnection("/v2/positions", 1);
            assertThat(broker.positions()).hasSize(1);
            assertThat(sim.requests("GET", "/v2/positions")).hasSize(2);

            sim.faults().resetConnection("/v2/positions", 2);
            assertThatThrownBy(broker::positions).isInstanceOf(BrokerException.class)
                    .satisfies(e -> assertThat(((BrokerException) e).failure()).isEqualTo(BrokerFailure.UNAVAILABLE));

            sim.faults().resetConnection("/v2/orders", 1);
            assertThatThrownBy(() -> broker.submit(new OrderRequest("STL", BigDecimal.ONE, OrderSide.SELL, "pm-large-1-1")))
                    .isInstanceOf(BrokerException.class);
            assertThat(sim.requests("POST", "/v2/orders")).hasSize(1);
        }
    }
}
