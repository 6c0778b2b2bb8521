package com.tradinginfra.pm.store;

import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Connects with a fresh RDS IAM authentication token as the password (one per connection; a token
 * is good for 15 minutes). Behind RDS Proxy, over TLS.
 *
 * <p>The token is the SigV4-presigned {@code GET https://host:port/?Action=connect&DBUser=user}
 * for the service {@code rds-db}, without its scheme — exactly what the SDK's
 * {@code RdsUtilities} makes, done here with the SDK's signer so that the functions do not carry
 * the whole RDS API client (5.7 MB) for one signature.
 */
public final class RdsIamDataSource implements DataSource {
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final String url;
    private final String user;
    private final String host;
    private final int port;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;

    public RdsIamDataSource(String url, String user, String region) {
        this(url, user, Region.of(region), DefaultCredentialsProvider.builder().build(), Clock.systemUTC());
    }

    RdsIamDataSource(String url, String user, Region region, AwsCredentialsProvider credentials, Clock clock) {
        this.url = url;
        this.user = user;
        URI uri = URI.create(url.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : 5432;
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The authentication token for the next connection. */
    @SuppressWarnings("deprecation") // Aws4Signer is what the SDK's RdsUtilities itself uses for this presign
    String token() {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).protocol("https")
                .host(host).port(port).encodedPath("/")
                .putRawQueryParameter("DBUser", user).putRawQueryParameter("Action", "connect").build();
        Aws4PresignerParams params = Aws4PresignerParams.builder()
                .signingClockOverride(clock)
                .expirationTime(clock.instant().plus(TOKEN_LIFETIME)) // signing needs real time: not an exit decision
                .awsCredentials(credentials.resolveCredentials())
                .signingName("rds-db")
                .signingRegion(region)
                .build();
        String signed = Aws4Signer.create().presign(request, params).getUri().toString();
        return signed.startsWith("https://") ? signed.substring("https://".length()) : signed;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, token());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(username);
        ds.setPassword(password);
        return ds.getConnection();
    }

    @Override public PrintWriter getLogWriter() { return null; }
    @Override public void setLogWriter(PrintWriter out) { }
    @Override public void setLoginTimeout(int seconds) { }
    @Override public int getLoginTimeout() { return 0; }
    @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
    @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
    @Override public boolean isWrapperFor(Class<?> iface) { return false; }
}
