package com.tradinginfra.pm.config;

import com.tradinginfra.pm.app.CloseOrderService;
import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.app.SweepService;
import com.tradinginfra.pm.app.SyncService;
import com.tradinginfra.pm.broker.AccountBudget;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.broker.AlpacaKeys;
import com.tradinginfra.pm.broker.AlpacaSettings;
import com.tradinginfra.pm.broker.TradingBudget;
import com.tradinginfra.pm.domain.RequestRate;
import com.tradinginfra.pm.domain.Broker;
import com.tradinginfra.pm.domain.PositionStore;
import com.tradinginfra.pm.app.Outbound;
import com.tradinginfra.pm.queue.SqsMessageVisibility;
import com.tradinginfra.pm.queue.SqsOutbound;
import com.tradinginfra.pm.store.ConnectionSource;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.RdsIamDataSource;
import com.tradinginfra.pm.store.RequestBudgetTable;
import com.tradinginfra.pm.store.ReusableConnection;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import javax.sql.DataSource;
import java.net.URI;

/**
 * The wiring of one function container: database, broker and queues, built once (warm
 * invocations reuse the connection and HTTP clients) and handed to the application services.
 */
public final class Components {
    private static final Logger LOG = LoggerFactory.getLogger(Components.class);

    private final ManagerSettings settings;
    private final PositionStore store;
    private final Broker broker;
    private final Outbound outbound;

    public Components(ManagerSettings settings, PositionStore store, Broker broker, Outbound outbound) {
        this.settings = settings;
        this.store = store;
        this.broker = broker;
        this.outbound = java.util.Objects.requireNonNull(outbound, "outbound (Outbound.NONE for a function that sends nothing)");
    }

    /**
     * Builds everything from the environment; a missing or malformed variable stops the function
     * here with a message naming it.
     */
    public static Components fromEnvironment(Configuration.Sends... sends) {
        Configuration config = Configuration.from(Environment.system(), sends);
        LOG.info("starting for account {} ({})", config.settings().account(), config);
        DataSource dataSource = dataSource(config);
        ConnectionSource db = new ReusableConnection(dataSource);
        // The account's budget on a connection of its own: a claim inside sync's transaction would lock the row for all.
        TradingBudget budget = accountBudget(config, new ReusableConnection(dataSource));
        Broker broker = alpacaBroker(config, budget);
        Outbound outbound = sends.length == 0 ? Outbound.NONE
                : new SqsOutbound(() -> sqs(config), config.sweepQueueUrl(), config.closeQueueUrl());
        return new Components(config.settings(), new JdbcPositionStore(db), broker, outbound);
    }

    /**
     * CloseOrderFunction's hold on the messages it received from CloseQueue ({@code CLOSE_QUEUE_URL},
     * which the template gives every function); its SQS client is made only when first needed.
     */
    public static Inbound.CloseQueue closeQueue() {
        Configuration config = Configuration.from(Environment.system(), Configuration.Sends.CLOSES);
        return new Inbound.CloseQueue(new SqsMessageVisibility(() -> sqs(config), config.closeQueueUrl()));
    }

    static DataSource dataSource(Configuration config) {
        if (config.dbIamAuth()) {
            return new RdsIamDataSource(config.dbUrl(), config.dbUser(), config.region());
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(config.dbUrl());
        if (config.dbUser() != null) {
            ds.setUser(config.dbUser());
        }
        if (config.dbPassword() != null) {
            ds.setPassword(config.dbPassword());
        }
        return ds;
    }

    /**
     * Local keys, fixed; or the keys of the Secrets Manager secret, asked for at every request through
     * Powertools' cache ({@code ALPACA_SECRET_CACHE_SECONDS}), so a rotation needs no redeploy.
     */
    static AlpacaBroker alpacaBroker(Configuration config, TradingBudget budget) {
        if (config.alpacaSecretArn() == null) {
            AlpacaSettings fixed = new AlpacaSettings(config.alpacaKeyId(), config.alpacaSecretKey(), config.tradingUrl(), config.dataUrl());
            return builder(config, fixed, budget).build();
        }
        SecretsManagerClient secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(region(config)).applyMutation(b -> endpoint(config).ifPresent(b::endpointOverride)).build();
        return alpacaBroker(config, new AlpacaSecret(secrets, config.alpacaSecretArn(), config.alpacaSecretCache()), budget);
    }

    /**
     * The adapter of {@code config}'s URLs, signing each request with {@code keys}' keys of the moment, spending
     * {@code budget} (the account's: {@link #accountBudget}).
     */
    public static AlpacaBroker alpacaBroker(Configuration config, AlpacaKeys.Source keys, TradingBudget budget) {
        // read at start, so that a secret without the keys stops the function here, naming it
        AlpacaKeys first = keys.current();
        AlpacaSettings settings = new AlpacaSettings(first.keyId(), first.secretKey(), config.tradingUrl(), config.dataUrl());
        return builder(config, settings, budget).keys(keys).build();
    }

    /**
     * The account-wide budget of {@code BROKER_REQUESTS_PER_MINUTE} in the database's {@code request_budget}, spent
     * with this function's {@code BROKER_REQUEST_PRIORITY}; {@code connection} must be its own (autocommit).
     */
    public static AccountBudget accountBudget(Configuration config, ConnectionSource connection) {
        RequestBudgetTable bucket = new RequestBudgetTable(connection, config.settings().account(),
                new RequestRate(config.brokerRequestsPerMinute()));
        return AccountBudget.of(bucket, config.brokerPriority());
    }

    private static AlpacaBroker.Builder builder(Configuration config, AlpacaSettings settings, TradingBudget budget) {
        return AlpacaBroker.builder(settings).budget(budget).stockFeed(config.stockFeed()).optionFeed(config.optionFeed());
    }

    static SqsClient sqs(Configuration config) {
        SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(region(config));
        endpoint(config).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static Region region(Configuration config) {
        return Region.of(config.region() == null ? "us-east-1" : config.region());
    }

    private static java.util.Optional<URI> endpoint(Configuration config) {
        return java.util.Optional.ofNullable(config.awsEndpointUrl()).map(URI::create);
    }

    public ManagerSettings settings() {
        return settings;
    }

    public PositionStore store() {
        return store;
    }

    public Broker broker() {
        return broker;
    }

    public Outbound outbound() {
        return outbound;
    }

    public SyncService syncService() {
        return new SyncService(settings, store, broker, outbound);
    }

    public SweepService sweepService() {
        return new SweepService(settings, store, broker, outbound);
    }

    public CloseOrderService closeOrderService() {
        return new CloseOrderService(settings, store, broker);
    }
}
