package dev.curfew.http;

import dev.curfew.CurfewException;
import dev.curfew.config.CurfewConfig;
import dev.curfew.config.HttpConfig;
import dev.curfew.history.HistoryException;
import dev.curfew.history.HistoryLockedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A command's way to the running daemon when the daemon holds the embedded history: the URL and
 * token it left in the data folder ({@link TokenFile}), and a GET of the read-only API.
 */
public final class DaemonClient {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private DaemonClient() {
    }

    /** An answer of the daemon: its body and the header {@code Curfew-Actions} (a report's count), if any. */
    public record Answer(byte[] body, String actions) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The body of {@code GET path?params} (null values left out) as text. */
    public static String get(CurfewConfig config, HistoryLockedException locked, String path, Map<String, String> params) {
        return fetch(config, locked, path, params).text();
    }

    /**
     * Asks the daemon whose data folder is the history's; with no daemon endpoint there, throws
     * {@code locked} as it is (the file is held by something else, or the endpoint is off).
     */
    public static Answer fetch(CurfewConfig config, HistoryLockedException locked, String path, Map<String, String> params) {
        String[] found = TokenFile.read(config.history().dir()).orElseThrow(() -> locked);
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) {
                query.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        HttpRequest request = HttpRequest.newBuilder(URI.create(found[0] + path + query)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + found[1]).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client(config.http(), found[0]).send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new HistoryException(locked.getMessage() + "; the daemon's endpoint " + found[0] + " did not answer: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CurfewException("interrupted while asking the daemon", e);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new HistoryException("the daemon's answer was cut: " + e.getMessage(), e);
        }
        if (response.statusCode() != 200) {
            throw new CurfewException("the daemon at " + found[0] + " answered " + response.statusCode()
                    + (body.length == 0 ? "" : ": " + new String(body, StandardCharsets.UTF_8).strip()));
        }
        return new Answer(body, response.headers().firstValue("Curfew-Actions").orElse(null));
    }

    /** Over HTTPS the daemon's own keystore is the one certificate trusted, whatever host name it bears. */
    private static HttpClient client(HttpConfig http, String url) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (url.startsWith("https:") && http.tls() != null) {
            try {
                char[] password = Files.readAllLines(http.tls().passwordFile()).stream().findFirst().orElse("").strip()
                        .toCharArray();
                KeyStore keys = KeyStore.getInstance(http.tls().keystore().toFile(), password);
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(keys);
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, trust.getTrustManagers(), null);
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
                b.sslContext(ssl);
            } catch (IOException | GeneralSecurityException e) {
                throw new CurfewException("cannot read http.tls to reach the daemon: " + e.getMessage(), e);
            }
        }
        return b.build();
    }
}
