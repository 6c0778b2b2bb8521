package com.tradinginfra.pm.app;

import java.util.List;

/**
 * What one sweep did.
 *
 * @param lots         open lots swept
 * @param priced       lots that got a price
 * @param exits        lots moved to CLOSING (and sent to the close queue)
 * @param marketOpen   whether the regular session was open at the sweep's time
 * @param skipped      why nothing was done, or null
 */
public record SweepReport(int lots, int priced, List<Long> exits, boolean marketOpen, String skipped) {
    static SweepReport skipped(String why) {
        return new SweepReport(0, 0, List.of(), false, why);
    }
}
