package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.PositionStore;

/**
 * A {@link CloseOrderService} that does not sleep between re-reads of cancelled orders, for tests
 * whose simulator clock only moves when the test moves it: a pending cancel is then still pending
 * after any real sleep, so sleeping changes nothing but the test's run time.
 */
public final class FrozenClockCloses {
    private FrozenClockCloses() {
    }

    public static CloseOrderService service(ManagerSettings settings, PositionStore store, Broker broker) {
        return new CloseOrderService(settings, store, broker, d -> { });
    }
}
