package com.tradinginfra.pm.store;

import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * Connects with a fresh RDS IAM authentication token as the password (tokens live 15 minutes;
 * one is made per connection). Used behind RDS Proxy with TLS.
 */
public final class RdsIamDataSource implements DataSource {
    private final String url;
    private final String user;
    private final String host;
    private final int port;
    private final RdsUtilities rds;

    public RdsIamDataSource(String url, String user, String region) {
        this.url = url;
        this.user = user;
        URI uri = URI.create(url.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : 5432;
        this.rds = RdsUtilities.builder().region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build()).build();
    }

    @Override
    public Connection getConnection() throws SQLException {
        String token = rds.generateAuthenticationToken(b -> b.hostname(host).port(port).username(user));
        return getConnection(user, token);
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
