package com.tradinginfra.pm.local.cli;

import com.tradinginfra.pm.app.OperatorDesk;
import com.tradinginfra.pm.domain.Lot;
import com.tradinginfra.pm.domain.Operator;
import com.tradinginfra.pm.store.JdbcPositionStore;
import com.tradinginfra.pm.store.ReusableConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The operator's controls for the bad day: {@code ./pm retry|close|flatten|pause|resume|status}.
 * Each acts on the real database through {@link OperatorDesk}, the same store and state machine
 * the functions use; the orders themselves are sent by the functions (the next sync sends the
 * request, CloseOrderFunction makes the one order of the attempt).
 */
final class OperatorCommands {
    private OperatorCommands() {
    }

    /** What every command writes to and reads from. */
    record Terminal(PrintStream out, PrintStream err, Clock clock, Map<String, String> env) {
    }

    /** Where the database is and which account: the same options as {@code ./pm positions}. */
    static final class Target {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        boolean help;
        @Option(names = "--data", paramLabel = "DIR", description = "the data directory of './pm run' (default .pm-data)")
        String data;
        @Option(names = "--db-url", paramLabel = "URL", description = "an existing PostgreSQL instead (jdbc:postgresql://...); pending migrations are applied")
        String dbUrl;
        @Option(names = "--db-user", paramLabel = "USER", description = "with --db-url (default DB_USER, else postgres)")
        String dbUser;
        @Option(names = "--db-password", paramLabel = "PASSWORD", description = "with --db-url (default DB_PASSWORD)")
        String dbPassword;
        @Option(names = "--account", paramLabel = "NAME", description = "the account (default ACCOUNT_NAME, else paper, as './pm run')")
        String account;

        String account(Map<String, String> env) {
            String name = account != null ? account : env.getOrDefault("ACCOUNT_NAME", "paper").strip();
            if (!name.matches("[A-Za-z0-9_.-]{1,50}")) {
                throw new Args.UsageException("the account name must be 1-50 letters, digits, '.', '_' or '-', was '" + name + "'");
            }
            return name;
        }

        <T> T withDesk(Terminal t, Function<OperatorDesk, T> work) {
            String name = account(t.env());
            try (OpenDatabase db = OpenDatabase.open(data, dbUrl, dbUser, dbPassword, t.env());
                 ReusableConnection connection = new ReusableConnection(db.dataSource())) {
                return work.apply(new OperatorDesk(name, new JdbcPositionStore(connection)));
            }
        }
    }

    /** The options of an action: who acts and why. */
    abstract static class Action implements Callable<Integer> {
        final Terminal t;
        @Mixin
        Target target;
        @Option(names = "--by", paramLabel = "NAME", description = "who acts (default: the OS user)")
        String by;

        Action(Terminal t) {
            this.t = t;
        }

        abstract String reason();

        Operator operator() {
            String name = by != null ? by : System.getProperty("user.name", t.env().getOrDefault("USER", "unknown"));
            try {
                return new Operator(name, reason());
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(e.getMessage());
            }
        }

        Instant now() {
            return t.clock().instant();
        }

        /** Prints what moved and what was refused; exit 1 when nothing moved and something was refused. */
        int report(String command, OperatorDesk.Result result) {
            return report(command, result, true);
        }

        /** As {@link #report(String, OperatorDesk.Result)}; a refusal is a failure only when {@code refusalFails}. */
        int report(String command, OperatorDesk.Result result, boolean refusalFails) {
            boolean failed = refusalFails && result.moved().isEmpty() && !result.refused().isEmpty();
            for (Lot lot : result.moved()) {
                t.out().println("pm " + command + ": lot " + lot.id() + " (" + lot.symbol() + ", " + lot.quantity().toPlainString()
                        + ") is closing: " + (lot.closeReason() == null ? "-" : lot.closeReason().code()) + ", attempt "
                        + lot.closeAttempts() + " (client order " + lot.closeClientOrderId(lot.closeAttempts()) + ")");
            }
            result.refused().forEach(r -> (failed ? t.err() : t.out()).println("pm " + command + ": " + r));
            if (!result.moved().isEmpty()) {
                t.out().println(result.paused()
                        ? "pm " + command + ": trading is PAUSED: the order is sent by the first sync after './pm resume'"
                        : "pm " + command + ": the next sync (within a minute) sends the order; './pm status' follows it");
            }
            return failed ? 1 : 0;
        }
    }

    /**
     * An action that moves lots at the desk (retry, close, flatten): one run for all of them, the
     * desk call and the report being what differs.
     */
    abstract static class LotsAction extends Action {
        LotsAction(Terminal t) {
            super(t);
        }

        /** What the desk does for the operator. */
        abstract OperatorDesk.Result act(OperatorDesk desk, Operator operator, Instant now);

        /** The command's name, as the user typed it. */
        String command() {
            return getClass().getAnnotation(Command.class).name();
        }

        /** Prints the result; the exit code. */
        int reported(OperatorDesk.Result result) {
            return report(command(), result);
        }

        @Override
        public final Integer call() {
            Operator operator = operator();
            return reported(target.withDesk(t, desk -> act(desk, operator, now())));
        }
    }

    /** What the desk does to one lot (retry, close). */
    @FunctionalInterface
    interface LotMove {
        OperatorDesk.Result apply(OperatorDesk desk, long lot, Operator operator, Instant now);
    }

    /** A lot action on the one lot named. */
    abstract static class OneLotAction extends LotsAction {
        private final LotMove move;
        @Parameters(paramLabel = "LOT", description = "the lot id (./pm positions, ./pm status)")
        long lot;

        OneLotAction(Terminal t, LotMove move) {
            super(t);
            this.move = move;
        }

        @Override
        final OperatorDesk.Result act(OperatorDesk desk, Operator operator, Instant now) {
            return move.apply(desk, lot, operator, now);
        }
    }

    @Command(name = "retry", description = "send a close_failed lot back to closing with a new attempt (a new client order id)")
    static final class Retry extends OneLotAction {
        @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded; optional for a retry)")
        String reason;

        Retry(Terminal t) {
            super(t, OperatorDesk::retry);
        }

        @Override
        String reason() {
            return reason;
        }
    }

    @Command(name = "close", description = "close one open lot (reason manual) through the functions: legs cancelled, one order")
    static final class Close extends OneLotAction {
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (required; recorded)")
        String reason;

        Close(Terminal t) {
            super(t, OperatorDesk::close);
        }

        @Override
        String reason() {
            return reason;
        }
    }

    @Command(name = "flatten", description = "close every open lot (or those of --symbol) and retry every close_failed one")
    static final class Flatten extends LotsAction {
        @Option(names = "--symbol", paramLabel = "S", description = "only this symbol: an OCC contract, or an underlying for its stock and options")
        String symbol;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (required; recorded)")
        String reason;

        Flatten(Terminal t) {
            super(t);
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        OperatorDesk.Result act(OperatorDesk desk, Operator operator, Instant now) {
            return desk.flatten(Optional.ofNullable(symbol), operator, now);
        }

        @Override
        int reported(OperatorDesk.Result result) {
            if (result.moved().isEmpty() && result.refused().isEmpty()) {
                t.out().println("pm flatten: nothing to close in account " + target.account(t.env())
                        + (symbol == null ? "" : " for " + symbol));
                return 0;
            }
            int code = report("flatten", result, false); // lots already closing are on their way out
            t.out().println("pm flatten: " + result.moved().size() + " lot" + (result.moved().size() == 1 ? "" : "s") + " closing");
            return code;
        }
    }

    /** What the desk does to the account's pause switch (pause, resume). */
    @FunctionalInterface
    interface SwitchMove {
        OperatorDesk.PauseChange apply(OperatorDesk desk, Operator operator, Instant now);
    }

    /** An action on the account's pause switch: one run for pause and resume, the line printed being what differs. */
    abstract static class SwitchAction extends Action {
        private final SwitchMove move;

        SwitchAction(Terminal t, SwitchMove move) {
            super(t);
            this.move = move;
        }

        /** The line telling the operator what changed, or that nothing did. */
        abstract String said(String account, OperatorDesk.PauseChange change);

        @Override
        public final Integer call() {
            Operator operator = operator();
            OperatorDesk.PauseChange change = target.withDesk(t, desk -> move.apply(desk, operator, now()));
            t.out().println(said(target.account(t.env()), change));
            return 0;
        }
    }

    @Command(name = "pause", description = "the kill switch: track and price, but decide no exit and submit no order")
    static final class Pause extends SwitchAction {
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (required; recorded)")
        String reason;

        Pause(Terminal t) {
            super(t, OperatorDesk::pause);
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        String said(String account, OperatorDesk.PauseChange change) {
            return change.changed()
                    ? "pm pause: account " + account + " is PAUSED: sync still tracks and reconciles, sweeps still price; no exit is "
                    + "decided and no order submitted until './pm resume'"
                    : "pm pause: account " + account + " is paused already (" + StatusView.describe(change.state()) + ")";
        }
    }

    @Command(name = "resume", description = "end the pause: due exits at the next sweep, deferred closes re-sent by the next sync")
    static final class Resume extends SwitchAction {
        @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded; optional)")
        String reason;

        Resume(Terminal t) {
            super(t, OperatorDesk::resume);
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        String said(String account, OperatorDesk.PauseChange change) {
            return change.changed()
                    ? "pm resume: account " + account + " trades again: due exits are decided at the next sweep, deferred closes "
                    + "are sent by the next sync"
                    : "pm resume: account " + account + " is not paused";
        }
    }

    @Command(name = "status", description = "one screen: pause state, age of the last sweep, health counts, lots needing attention")
    static final class Status implements Callable<Integer> {
        private final Terminal t;
        @Mixin
        Target target;

        Status(Terminal t) {
            this.t = t;
        }

        @Override
        public Integer call() {
            String account = target.account(t.env());
            try (OpenDatabase db = OpenDatabase.open(target.data, target.dbUrl, target.dbUser, target.dbPassword, t.env())) {
                t.out().println(StatusView.render(db.dataSource(), account, t.clock().instant()));
            }
            return 0;
        }
    }

    /** Every control, for the top-level command. */
    static List<Object> all(Terminal t) {
        return List.of(new Status(t), new Retry(t), new Close(t), new Flatten(t), new Pause(t), new Resume(t));
    }
}
