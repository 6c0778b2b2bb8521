package com.tradinginfra.pm.embedded.sim;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AlpacaSimulator#start(java.time.Instant, InetSocketAddress)}: the simulator on an address of one's choice. */
class SimFixedAddressTest {

    @Test
    void theSimulatorAnswersOnTheAddressItWasGivenAndASecondCannotTakeIt() {
        try (AlpacaSimulator first = AlpacaSimulator.start(AlpacaSimulator.DEFAULT_START,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = Integer.parseInt(first.baseUrl().substring(first.baseUrl().lastIndexOf(':') + 1));
            assertThat(first.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(new RawAlpaca(first, "large").get("/v2/clock").status()).isEqualTo(200);

            // the port is held by the first simulator, so the second's bind fails, naming the cause
            assertThatThrownBy(() -> AlpacaSimulator.start(AlpacaSimulator.DEFAULT_START,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void onEveryInterfaceItsOwnClientsUseLoopback() {
        try (AlpacaSimulator sim = AlpacaSimulator.start(AlpacaSimulator.DEFAULT_START, new InetSocketAddress(0))) {
            assertThat(sim.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(new RawAlpaca(sim, "large").get("/v2/clock").status()).isEqualTo(200);
        }
    }
}
