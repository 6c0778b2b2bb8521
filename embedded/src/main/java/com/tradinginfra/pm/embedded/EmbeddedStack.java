package com.tradinginfra.pm.embedded;

import com.tradinginfra.pm.app.ManagerSettings;
import com.tradinginfra.pm.broker.AlpacaBroker;
import com.tradinginfra.pm.config.Components;
import com.tradinginfra.pm.embedded.sim.AlpacaSimulator;
import com.tradinginfra.pm.queue.SqsOutbound;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts one function needs, for its handler tests: the shared embedded PostgreSQL, ElasticMQ
 * with the template's queues, and the Alpaca simulator; {@link #components} wires a container.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final EmbeddedDatabase db = EmbeddedDatabase.shared();
    private final EmbeddedSqs sqs = EmbeddedSqs.start(Duration.ofSeconds(2));
    private final AlpacaSimulator sim;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private EmbeddedStack(Instant simulatorStart) {
        sim = AlpacaSimulator.start(simulatorStart);
    }

    public static EmbeddedStack start(Instant simulatorStart) {
        return new EmbeddedStack(simulatorStart);
    }

    /** One function container for {@code settings.account()}: its own connection, broker client and SQS sender. */
    public Components components(ManagerSettings settings) {
        ReusableConnection connection = new ReusableConnection(db.dataSource());
        AlpacaBroker broker = new AlpacaBroker(sim.settings(settings.account()));
        opened.add(connection);
        opened.add(broker);
        return new Components(settings, new JdbcPositionStore(connection), broker,
                new SqsOutbound(sqs.client(), sqs.queueUrl(QueueTopology.SWEEP), sqs.queueUrl(QueueTopology.CLOSE)));
    }

    /** Receives (and deletes) the visible message bodies of a queue. */
    public List<String> receive(QueueTopology queue) {
        List<String> bodies = new ArrayList<>();
        String url = sqs.queueUrl(queue);
        while (true) {
            var messages = sqs.client().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            for (var m : messages) {
                bodies.add(m.body());
                sqs.client().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    public EmbeddedDatabase db() {
        return db;
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    public AlpacaSimulator simulator() {
        return sim;
    }

    /** A dispatcher trading at the simulator for {@code account}. */
    public EntryTrader dispatcher(String account) {
        return new EntryTrader(sim.settings(account), new ExecutionRowWriter(db.dataSource()), account);
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing what is already broken
            }
        }
        sqs.close();
        sim.close();
    }
}
