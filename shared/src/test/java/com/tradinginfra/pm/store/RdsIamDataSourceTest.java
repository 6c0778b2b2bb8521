package com.tradinginfra.pm.store;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RdsIamDataSourceTest {
    @Test
    void theTokenIsAPresignedConnectRequestForRdsDbWithoutItsScheme() {
        RdsIamDataSource ds = new RdsIamDataSource("jdbc:postgresql://proxy.example.rds.amazonaws.com:5432/pm?sslmode=verify-full",
                "pm_user", Region.US_WEST_2, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));
        String token = ds.token();
        assertThat(token).startsWith("proxy.example.rds.amazonaws.com:5432/?")
                .contains("Action=connect").contains("DBUser=pm_user")
                .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256")
                .contains("X-Amz-Credential=AKIDEXAMPLE%2F20261121%2Fus-west-2%2Frds-db%2Faws4_request")
                .contains("X-Amz-Date=20261121T120000Z").contains("X-Amz-Expires=900").contains("X-Amz-Signature=")
                .doesNotContain("https://");
        // deterministic for the same inputs: the signature depends only on them
        assertThat(ds.token()).isEqualTo(token);
    }
}
