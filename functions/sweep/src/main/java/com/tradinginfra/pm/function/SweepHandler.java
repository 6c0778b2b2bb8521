package com.tradinginfra.pm.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.tradinginfra.pm.app.SweepReport;
import com.tradinginfra.pm.app.SweepService;
import com.tradinginfra.pm.app.LogKeys;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.FunctionMetrics;
import com.tradinginfra.pm.config.LambdaEntry;
import com.tradinginfra.pm.config.Priming;
import com.tradinginfra.pm.config.Configuration;
import com.tradinginfra.pm.config.Inbound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/** SweepQueue: one price-and-exit sweep per message, at the message's {@code asOf}. */
public final class SweepHandler extends LambdaEntry.Sqs {
    private static final Logger LOG = LoggerFactory.getLogger(SweepHandler.class);
    private static final FunctionMetrics METRICS = FunctionMetrics.fromEnvironment();
    private final SweepService sweeps;

    public SweepHandler() {
        this(Components.fromEnvironment(Configuration.Sends.CLOSES).sweepService());
        Priming.register();
    }

    public SweepHandler(SweepService sweeps) {
        this.sweeps = sweeps;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        METRICS.coldStart(context);
        return PowertoolsLogging.withLogging(context, () -> LogKeys.forAccount(sweeps.account(), () ->
                Inbound.sweepRequests(event, LOG, request -> {
                    SweepReport r = sweeps.sweep(request);
                    return r.skipped() != null ? "skipped: " + r.skipped()
                            : r.lots() + " lots, " + r.priced() + " priced, exits " + r.exits() + (r.marketOpen() ? "" : " (market closed)");
                })));
    }
}
