package com.tradinginfra.pm.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import org.joda.time.DateTime;

import java.util.List;
import java.util.Map;

/**
 * Runs in a child JVM whose classpath is one function's shaded jar (plus this class): builds the
 * handler with its no-argument constructor, as Lambda does, from the environment, and invokes it.
 * Prints {@code RESULT <response>}.
 */
public final class ShadedInvoker {
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        String kind = args[1];
        Object event;
        if (kind.equals("scheduled")) {
            event = new ScheduledEvent().withTime(DateTime.parse(args[2]));
        } else {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("smoke-1");
            m.setBody(args[2]);
            m.setAttributes(Map.of("SentTimestamp", "0"));
            SQSEvent e = new SQSEvent();
            e.setRecords(List.of(m));
            event = e;
        }
        RequestHandler handler = (RequestHandler) Class.forName(handlerClass).getConstructor().newInstance();
        Object result = handler.handleRequest(event, null);
        System.out.println("RESULT " + result);
        System.exit(0);
    }
}
