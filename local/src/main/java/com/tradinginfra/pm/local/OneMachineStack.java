package com.tradinginfra.pm.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.broker.AccountBudget;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.broker.RequestBudget;
import com.tradinginfra.pm.broker.TradingBudget;
import com.tradinginfra.pm.config.FunctionMetrics;
import com.tradinginfra.pm.config.Configuration;
import com.tradinginfra.pm.domain.RequestPriority;
import com.tradinginfra.pm.domain.RequestRate;
import com.tradinginfra.pm.store.RequestBudgetTable;
import com.tradinginfra.pm.broker.AlpacaSettings;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.config.Inbound;
import com.tradinginfra.pm.embedded.ExecutionRowWriter;
import com.tradinginfra.pm.embedded.EmbeddedDatabase;
import com.tradinginfra.pm.embedded.EmbeddedSqs;
import com.tradinginfra.pm.embedded.QueueTopology;
import com.tradinginfra.pm.embedded.EntryTrader;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.function.CloseOrderHandler;
import com.tradinginfra.pm.function.ExecutionHandler;
import com.tradinginfra.pm.function.SweepHandler;
import com.tradinginfra.pm.function.SyncHandler;
import com.tradinginfra.pm.app.Outbound;
import com.tradinginfra.pm.queue.SqsMessageVisibility;
import com.tradinginfra.pm.queue.SqsOutbound;
import com.tradinginfra.pm.store.ConnectionSource;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;
import com.tradinginfra.pm.store.RoundTripCounter;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The position manager on one machine: PostgreSQL (embedded, or an existing one), ElasticMQ with
 * the template's queues and DLQs, the Alpaca simulator (or real Alpaca), and the unchanged
 * handlers, each in its own "container" with its own connection and broker client, wired to the
 * queues as the template wires them.
 */
public final class OneMachineStack implements AutoCloseable {

    /**
     * How to start.
     *
     * @param settings          the manager's settings (account and rules)
     * @param dataDirectory     keep PostgreSQL here (survives restarts), or null for a temporary one
     * @param externalDb        an existing PostgreSQL (url, user, password), or null for the embedded one
     * @param alpaca            real Alpaca settings, or null for the simulator
     * @param simulatedTime     true: sweeps are held in a delay line until {@link #advanceTo} reaches them
     * @param visibilityTimeout SQS visibility timeout (short locally so failed items come back quickly)
     * @param accountBudget     true: the containers share the account's trading budget in the database
     *                          ({@code request_budget}, as the functions do); false: no client-side limit
     *                          (simulated time, where a day passes in a minute or two of wall-clock time)
     */
    public record Options(ManagerSettings settings, Path dataDirectory, ExternalDb externalDb, AlpacaSettings alpaca,
                          boolean simulatedTime, Duration visibilityTimeout, Instant simulatorStart, boolean accountBudget) {
        /** The account's budget in real time, none in simulated time. */
        public Options(ManagerSettings settings, Path dataDirectory, ExternalDb externalDb, AlpacaSettings alpaca,
                       boolean simulatedTime, Duration visibilityTimeout, Instant simulatorStart) {
            this(settings, dataDirectory, externalDb, alpaca, simulatedTime, visibilityTimeout, simulatorStart, !simulatedTime);
        }

        public static Options simulated(ManagerSettings settings, Instant start) {
            return new Options(settings, null, null, null, true, Duration.ofSeconds(2), start);
        }

        /** These options with the account-wide budget of the functions (BROKER_REQUESTS_PER_MINUTE's default). */
        public Options withAccountBudget() {
            return new Options(settings, dataDirectory, externalDb, alpaca, simulatedTime, visibilityTimeout, simulatorStart, true);
        }
    }

    /** An existing PostgreSQL database. */
    public record ExternalDb(String url, String user, String password) {
    }


    private final Options options;
    private final EmbeddedDatabase embeddedDb;
    private final DataSource dataSource;
    private final EmbeddedSqs sqs;
    private final AlpacaSimulator simulator;
    private final AlpacaSettings brokerSettings;
    private final DelayLine delayLine;
    private final Outbound outbound;
    private final RoundTripCounter sweepDb;
    private final List<ConnectionSource> connections = new ArrayList<>();
    private final SyncHandler sync;
    private final QueueConsumer sweepConsumer;
    private final QueueConsumer closeConsumer;
    private final QueueConsumer executionConsumer;
    private final List<AlpacaBroker> brokers = new ArrayList<>();

    private OneMachineStack(Options options) {
        this.options = options;
        if (options.externalDb() == null) {
            embeddedDb = EmbeddedDatabase.start(options.dataDirectory());
            dataSource = embeddedDb.dataSource();
        } else {
            embeddedDb = null;
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(options.externalDb().url());
            ds.setUser(options.externalDb().user());
            ds.setPassword(options.externalDb().password());
            dataSource = ds;
            EmbeddedDatabase.migrate(ds);
        }
        sqs = EmbeddedSqs.start(options.visibilityTimeout());
        String account = options.settings().account();
        if (options.alpaca() == null) {
            simulator = AlpacaSimulator.start(options.simulatorStart() == null ? AlpacaSimulator.DEFAULT_START : options.simulatorStart());
            brokerSettings = simulator.settings(account);
        } else {
            simulator = null;
            brokerSettings = options.alpaca();
        }
        Outbound sqsOut = new SqsOutbound(sqs.client(), sqs.queueUrl(QueueTopology.SWEEP), sqs.queueUrl(QueueTopology.CLOSE));
        delayLine = options.simulatedTime() ? new DelayLine(sqsOut) : null;
        outbound = delayLine != null ? delayLine : sqsOut;
        ManagerSettings settings = options.settings();

        Components syncParts = container(settings, outbound, false, RequestPriority.ROUTINE);
        sync = new SyncHandler(syncParts.syncService(), FunctionMetrics.HealthPublisher.NONE, FunctionMetrics.DaySummaryPublisher.NONE);
        Components executionParts = container(settings, outbound, false, RequestPriority.ROUTINE);
        executionConsumer = new QueueConsumer("ExecutionFunction", sqs.client(), sqs.queueUrl(QueueTopology.EXECUTION), 10,
                new ExecutionHandler(executionParts.syncService()));
        Components sweepParts = container(settings, outbound, true, RequestPriority.ROUTINE);
        sweepDb = (RoundTripCounter) connections.get(connections.size() - 1);
        sweepConsumer = new QueueConsumer("SweepFunction", sqs.client(), sqs.queueUrl(QueueTopology.SWEEP), 10,
                new SweepHandler(sweepParts.sweepService()));
        Components closeParts = container(settings, Outbound.NONE, false, RequestPriority.CLOSE);
        // The close function backs failed items off through ChangeMessageVisibility on its own queue, as in Lambda.
        closeConsumer = new QueueConsumer("CloseOrderFunction", sqs.client(), sqs.queueUrl(QueueTopology.CLOSE), 10,
                new CloseOrderHandler(closeParts.closeOrderService(),
                        new Inbound.CloseQueue(new SqsMessageVisibility(sqs::client, sqs.queueUrl(QueueTopology.CLOSE)))));
    }

    public static OneMachineStack start(Options options) {
        return new OneMachineStack(Objects.requireNonNull(options, "options"));
    }

    /** One function container: its own database connection and broker client, as in Lambda. */
    private Components container(ManagerSettings settings, Outbound outbound, boolean counted, RequestPriority priority) {
        TradingBudget budget = budget(settings.account(), priority); // first: the last connection added is the store's
        ConnectionSource connection = new ReusableConnection(dataSource);
        if (counted) {
            connection = new RoundTripCounter(connection);
        }
        connections.add(connection);
        AlpacaBroker broker = AlpacaBroker.builder(brokerSettings).budget(budget).build();
        brokers.add(broker);
        return new Components(settings, new JdbcPositionStore(connection), broker, outbound);
    }

    /**
     * As in AWS, the account's budget in the database, on a connection of the container's own. In simulated
     * time none: a day passes in a minute or two of wall-clock time, and a budget of wall-clock minutes would
     * throttle it (the simulator's own per-account limit still answers 429, callers reset it each simulated minute).
     */
    private TradingBudget budget(String account, RequestPriority priority) {
        if (!options.accountBudget()) {
            return RequestBudget.perMinute(Integer.MAX_VALUE);
        }
        ConnectionSource own = new ReusableConnection(dataSource);
        connections.add(own);
        return AccountBudget.of(new RequestBudgetTable(own, account, new RequestRate(Configuration.DEFAULT_ACCOUNT_REQUESTS_PER_MINUTE)),
                priority);
    }

    /** The EventBridge tick: invokes SyncFunction with a ScheduledEvent whose time is {@code tick}. */
    public Map<String, Object> tick(Instant tick) {
        ScheduledEvent event = new ScheduledEvent().withTime(new DateTime(tick.toEpochMilli(), DateTimeZone.UTC))
                .withSource("aws.events").withDetailType("Scheduled Event").withId(java.util.UUID.randomUUID().toString())
                .withRegion("us-east-1").withAccount("000000000000").withDetail(Map.of())
                .withResources(List.of("arn:aws:events:us-east-1:000000000000:rule/position-manager-tick"));
        return sync.handleRequest(event, new LocalContext("SyncFunction"));
    }

    /** Simulated time moved to {@code now}: the simulator's clock follows and due sweeps are released. */
    public void advanceTo(Instant now) {
        if (simulator != null) {
            simulator.advanceTo(now);
        }
        if (delayLine != null) {
            delayLine.release(now);
        }
    }

    /**
     * Lets every consumer handle what is visible in its queue until all are empty. Failed items
     * come back after the visibility timeout; this does not wait for them.
     *
     * @return messages handled
     */
    public int drain() {
        int total = 0;
        int idleRounds = 0;
        while (idleRounds < 2) {
            int round = executionConsumer.pollOnce(0) + sweepConsumer.pollOnce(0) + closeConsumer.pollOnce(0);
            total += round;
            idleRounds = round == 0 ? idleRounds + 1 : 0;
        }
        return total;
    }

    /** Polls every queue once, waiting up to {@code waitSeconds} on each (real-time runs). */
    public int pollOnce(int waitSeconds) {
        return executionConsumer.pollOnce(0) + sweepConsumer.pollOnce(waitSeconds) + closeConsumer.pollOnce(0);
    }

    /** Where the stack's sync and sweep send: SQS (through the delay line in simulated time). */
    public Outbound outbound() {
        return outbound;
    }

    public ManagerSettings settings() {
        return options.settings();
    }

    public String account() {
        return options.settings().account();
    }

    /** The simulator, or null against real Alpaca. */
    public AlpacaSimulator simulator() {
        return simulator;
    }

    public AlpacaSettings brokerSettings() {
        return brokerSettings;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Where this stack's database is, for a second stack (another account) to share it. */
    public ExternalDb database() {
        return embeddedDb != null ? new ExternalDb(embeddedDb.jdbcUrl(), embeddedDb.user(), embeddedDb.password())
                : options.externalDb();
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    /** The SweepFunction container's database round trips. */
    public RoundTripCounter sweepRoundTrips() {
        return sweepDb;
    }

    public ExecutionRowWriter dispatcherTable() {
        return new ExecutionRowWriter(dataSource);
    }

    /** A dispatcher trading at the simulator for this stack's account. */
    public EntryTrader dispatcher() {
        return new EntryTrader(brokerSettings, dispatcherTable(), account());
    }

    public QueueConsumer sweepConsumer() {
        return sweepConsumer;
    }

    public QueueConsumer closeConsumer() {
        return closeConsumer;
    }

    public QueueConsumer executionConsumer() {
        return executionConsumer;
    }

    /** Messages in a queue's DLQ (approximate, as SQS reports it). */
    public int deadLetters(QueueTopology queue) {
        String count = sqs.client().getQueueAttributes(b -> b.queueUrl(sqs.dlqUrl(queue))
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages");
        return count == null ? 0 : Integer.parseInt(count);
    }

    @Override
    public void close() {
        brokers.forEach(AlpacaBroker::close);
        connections.forEach(ConnectionSource::close);
        sqs.close();
        if (simulator != null) {
            simulator.close();
        }
        if (embeddedDb != null) {
            embeddedDb.close();
        }
    }
}
