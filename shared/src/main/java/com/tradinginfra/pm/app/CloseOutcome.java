package com.tradinginfra.pm.app;

import com.tradinginfra.pm.domain.LotStatus;

/** What handling one close request came to. A transient broker failure is thrown instead, so SQS retries the item. */
public sealed interface CloseOutcome {

    /** The close order was submitted now. */
    record Submitted(String orderId, String clientOrderId, String quantity) implements CloseOutcome {
    }

    /** An order with this attempt's client order id already exists (a redelivery): nothing was sent. */
    record AlreadySubmitted(String orderId, String clientOrderId) implements CloseOutcome {
    }

    /** The lot is no longer closing or the request is for an older attempt: nothing to do. */
    record Ignored(String why) implements CloseOutcome {
    }

    /** The broker holds nothing for the lot (or holds the other direction): sync reconciles it. */
    record PositionGone(String why) implements CloseOutcome {
    }

    /** The broker refused the close; the lot is retried by a later attempt ({@code status} CLOSING) or is CLOSE_FAILED. */
    record Refused(LotStatus status, String brokerMessage) implements CloseOutcome {
        /** True when no further attempt follows: the lot is CLOSE_FAILED. */
        public boolean closeFailed() {
            return status == LotStatus.CLOSE_FAILED;
        }
    }
}
