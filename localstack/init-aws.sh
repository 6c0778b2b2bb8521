#!/bin/bash
# LocalStack "ready" hook (docker-compose.yml mounts it into /etc/localstack/init/ready.d/): the
# template's queues with their dead-letter queues (attributes as in template.yaml and
# embedded/.../QueueTopology.java), and the Alpaca keys secret the functions read (ALPACA_SECRET_ARN).
set -euo pipefail
ACCOUNT=000000000000
REGION="${AWS_DEFAULT_REGION:-us-east-1}"

queue() { # name visibility-timeout [retention]
    awslocal sqs create-queue --queue-name "$1DLQ" --attributes MessageRetentionPeriod=1209600 >/dev/null
    local redrive="{\"deadLetterTargetArn\":\"arn:aws:sqs:${REGION}:${ACCOUNT}:$1DLQ\",\"maxReceiveCount\":\"5\"}"
    local attributes="{\"VisibilityTimeout\":\"$2\",\"RedrivePolicy\":$(printf '%s' "$redrive" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')${3:+,\"MessageRetentionPeriod\":\"$3\"}}"
    awslocal sqs create-queue --queue-name "$1Queue" --attributes "$attributes" >/dev/null
    echo "queue $1Queue (DLQ $1DLQ)"
}
queue Sweep 300 3600
queue Close 180
queue Execution 180

# The simulator's keys for account "large" (./pm simulator prints them).
awslocal secretsmanager create-secret --name position-manager/alpaca \
    --secret-string '{"ALPACA_API_KEY_ID":"KEY-large","ALPACA_API_SECRET_KEY":"SECRET-large"}' >/dev/null
echo "secret position-manager/alpaca"
