package dev.curfew.http;

import dev.curfew.config.ConfigException;
import dev.curfew.config.HttpConfig;
import dev.curfew.web.Console;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP endpoint (Javalin on Jetty): {@code /health} for anyone, and behind {@link
 * Access} {@code /metrics} and the read-only {@code /api/...}. Nothing here changes a session.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

    private final Javalin app;
    private final Path dataDir;
    private final String url;

    private HttpEndpoint(Javalin app, Path dataDir, String url) {
        this.app = app;
        this.dataDir = dataDir;
        this.url = url;
    }

    /**
     * Starts listening as {@code config} says, or returns null when {@code http.listen} is off or its
     * port is taken (logged: the daemon goes on sweeping without its endpoint). A keystore that does
     * not open is a {@link ConfigException} naming {@code http.tls}, as a wrong key of the file is.
     *
     * @param configFile the file the errors name
     */
    public static HttpEndpoint start(HttpConfig config, Path configFile, Path dataDir, Watch watch, Health health,
            Api api, Clock clock) {
        return start(config, configFile, dataDir, watch, health, api, null, clock);
    }

    /** As above, with the web console's pages under {@code /console} (null: none), behind its own sign-in form. */
    public static HttpEndpoint start(HttpConfig config, Path configFile, Path dataDir, Watch watch, Health health,
            Api api, Console console, Clock clock) {
        if (config.listen() == null) {
            TokenFile.remove(dataDir);   // an earlier start's, so that no command asks an endpoint that is not there
            log.info("HTTP endpoint off (http.listen: off)");
            return null;
        }
        KeyStore keys = config.tls() == null ? null : keyStore(config.tls(), configFile);
        String token;
        try {
            token = TokenFile.create(dataDir);
        } catch (IOException e) {
            throw new ConfigException(dataDir + ": cannot write the token file " + TokenFile.TOKEN + ": " + e.getMessage(), e);
        }
        Access access = new Access(token, config.users(), clock);
        HttpConfig.Listen listen = config.listen();
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jetty.threadPool = new QueuedThreadPool(16, 2, 60_000);
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector c;
                if (keys == null) {
                    c = new ServerConnector(server, new HttpConnectionFactory(http));
                } else {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setKeyStore(keys);
                    ssl.setKeyStorePassword(password(config.tls(), configFile));
                    http.addCustomizer(new SecureRequestCustomizer(false));
                    c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
                }
                c.setHost(listen.host());
                c.setPort(listen.port());
                return c;
            });
        });
        app.before(ctx -> {
            if (console != null && (Console.serves(ctx.path()) || ctx.path().equals("/"))) {
                console.guard(ctx);
            } else if (!ctx.path().equals("/health")) {
                access.check(ctx);
            }
        });
        app.get("/health", ctx -> {
            Health.Report r = health.report();
            json(ctx.status(r.healthy() ? 200 : 503), r.body());
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(watch.scrape()));
        api.routes(app);
        if (console != null) {
            console.routes(app, access, keys != null);
        }
        app.exception(Api.BadParameter.class, (e, ctx) -> ctx.status(400).contentType("text/plain; charset=utf-8")
                .result(e.getMessage() + "\n"));
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("HTTP: {} failed: {}", ctx.path(), e.toString(), e);
            ctx.status(500).contentType("text/plain; charset=utf-8").result("internal error (see the daemon's log)\n");
        });
        try {
            app.start();
        } catch (JavalinBindException e) {
            log.warn("HTTP endpoint off: http.listen: {} cannot be listened on ({}); curfew goes on without it",
                    listen, e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            TokenFile.remove(dataDir);
            app.stop();
            return null;
        }
        int port = ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
        // The commands of this machine reach a wildcard address through the loopback.
        String host = listen.host().equals("0.0.0.0") ? "127.0.0.1" : listen.host().equals("::") ? "::1" : listen.host();
        String url = (keys == null ? "http://" : "https://") + new HttpConfig.Listen(host, port);
        try {
            TokenFile.writeEndpoint(dataDir, url);
        } catch (IOException e) {
            log.warn("HTTP: cannot write {} ({}): the commands will not find the daemon", TokenFile.ENDPOINT, e.getMessage());
        }
        log.info("HTTP endpoint on {} ({} accounts; token in {})", url, config.users().size(),
                dataDir.resolve(TokenFile.TOKEN));
        return new HttpEndpoint(app, dataDir, url);
    }

    /** Opens the keystore of {@code http.tls}, if any, so that a wrong one stops a start before anything runs. */
    public static void check(HttpConfig config, Path configFile) {
        if (config.listen() != null && config.tls() != null) {
            keyStore(config.tls(), configFile);
        }
    }

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.write(body));
    }

    public String url() {
        return url;
    }

    private static KeyStore keyStore(HttpConfig.Tls tls, Path configFile) {
        char[] password = password(tls, configFile).toCharArray();
        try {
            return KeyStore.getInstance(tls.keystore().toFile(), password);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new ConfigException(configFile + ": http.tls.keystore: cannot open \"" + tls.keystore() + "\": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private static String password(HttpConfig.Tls tls, Path configFile) {
        try {
            return Files.readAllLines(tls.passwordFile()).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new ConfigException(configFile + ": http.tls.passwordFile: cannot read \"" + tls.passwordFile() + "\": "
                    + e.getClass().getSimpleName().replace("Exception", "").replace("NoSuchFile", "no such file"), e);
        }
    }

    /** Stops listening (requests under way are answered first) and removes the token and endpoint files. */
    @Override
    public void close() {
        TokenFile.remove(dataDir);
        app.stop();
    }
}
