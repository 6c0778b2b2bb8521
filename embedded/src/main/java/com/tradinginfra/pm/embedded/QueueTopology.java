package com.tradinginfra.pm.embedded;

import java.time.Duration;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * The single Java description of the SQS queues declared in {@code template.yaml}.
 *
 * <p>Every work queue has a dead-letter queue reached through a {@code RedrivePolicy}. The
 * logical names are the CloudFormation logical ids in the template; the local stack uses them
 * as queue names. {@code local/src/test/.../TemplateTest} checks that the template and this
 * enum agree (names, maxReceiveCount, visibility timeout), so change both together.
 */
public enum QueueTopology {

    /** Sync → Sweep: one message per sweep slot of a tick. Consumer: SweepFunction (Timeout 50 s). */
    SWEEP("SweepQueue", "SweepDLQ", 5, 300, "SWEEP_QUEUE_URL"),

    /** Sweep/Sync → CloseOrder: one message per close attempt of a lot. Consumer: CloseOrderFunction (Timeout 30 s). */
    CLOSE("CloseQueue", "CloseDLQ", 5, 180, "CLOSE_QUEUE_URL"),

    /** Dispatcher → Execution: {@code {"execution_id": "..."}} right after a fill. Consumer: ExecutionFunction (Timeout 30 s). */
    EXECUTION("ExecutionQueue", "ExecutionDLQ", 5, 180, "EXECUTION_QUEUE_URL");

    /** {@code MessageRetentionPeriod} of every DLQ in the template: 14 days, the SQS maximum. */
    public static final int DLQ_RETENTION_SECONDS = 1_209_600;

    private final String logicalName;
    private final String dlqName;
    private final int maxReceiveCount;
    private final int visibilityTimeoutSeconds;
    private final String urlEnvironmentVariable;

    QueueTopology(String logicalName, String dlqName, int maxReceiveCount,
                  int visibilityTimeoutSeconds, String urlEnvironmentVariable) {
        this.logicalName = logicalName;
        this.dlqName = dlqName;
        this.maxReceiveCount = maxReceiveCount;
        this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
        this.urlEnvironmentVariable = urlEnvironmentVariable;
    }

    /** The template's logical id of the work queue, e.g. {@code SweepQueue}. */
    public String logicalName() { return logicalName; }

    /** The template's logical id of its dead-letter queue, e.g. {@code SweepDLQ}. */
    public String dlqName() { return dlqName; }

    /** {@code RedrivePolicy.maxReceiveCount}: receives before a message moves to the DLQ. */
    public int maxReceiveCount() { return maxReceiveCount; }

    /** {@code VisibilityTimeout} of the work queue in the template (≥ 6 × the consumer's timeout). */
    public int visibilityTimeoutSeconds() { return visibilityTimeoutSeconds; }

    public Duration visibilityTimeout() { return Duration.ofSeconds(visibilityTimeoutSeconds); }

    /** The environment variable through which functions receive the work queue's URL. */
    public String urlEnvironmentVariable() { return urlEnvironmentVariable; }

    /** Looks a queue up by the logical name of the work queue or of its DLQ. */
    public static QueueTopology byName(String logicalName) {
        return Arrays.stream(values())
                .filter(q -> q.logicalName.equals(logicalName) || q.dlqName.equals(logicalName))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no queue named '" + logicalName
                        + "' in QueueTopology; known: " + Arrays.toString(values())));
    }

    @Override
    public String toString() { return logicalName + "(dlq=" + dlqName + ", maxReceiveCount=" + maxReceiveCount + ")"; }
}
