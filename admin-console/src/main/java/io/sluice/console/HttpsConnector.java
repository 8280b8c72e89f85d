package io.sluice.console;

import java.security.KeyStore;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The console's HTTPS listener: a Jetty connector that speaks TLS only (HTTP/1.1 inside), with the
 * key store of {@link ConsoleHttps}, loaded and checked before the server starts. Requests on it
 * have the scheme {@code https}, so the session cookie gets the {@code Secure} flag and the origin
 * check expects {@code https://} origins. Jetty's defaults choose the protocols (TLS 1.2 and 1.3)
 * and exclude weak cipher suites.
 *
 * <p>Stateless; thread-safe.
 */
final class HttpsConnector {
    private HttpsConnector() {}

    static ServerConnector create(
            Server server, HttpConfiguration base, ConsoleConfig config, KeyStore keyStore, ConsoleHttps https) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStoreType(https.keyStoreType());
        ssl.setKeyManagerPassword(https.effectiveKeyPassword());
        HttpConfiguration httpsConfig = new HttpConfiguration(base);
        httpsConfig.setSecureScheme("https");
        httpsConfig.setSecurePort(config.listenPort());
        httpsConfig.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(httpsConfig));
        connector.setHost(config.listenHost());
        connector.setPort(config.listenPort());
        return connector;
    }
}
