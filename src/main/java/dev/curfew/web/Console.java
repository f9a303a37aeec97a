package dev.curfew.web;

import dev.curfew.action.ActionRunner;
import dev.curfew.history.HistoryStore;
import dev.curfew.http.Access;
import dev.curfew.http.Watch;
import dev.curfew.policy.PolicyEngine;
import dev.curfew.session.ServerName;
import dev.curfew.session.SessionHost;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The web console under {@value #PREFIX}: server-rendered pages (Mustache templates), htmx from its
 * webjar, every asset from the jar. People sign in with their {@code http.users} account on a form;
 * the sign-in is a cookie (HttpOnly, SameSite=Strict, Secure over TLS), and every POST carries the
 * sign-in's CSRF token or is refused. Only an operator acts, through the daemon's {@link
 * ActionRunner}, recorded with source {@code web}.
 *
 * <pre>{@code
 * Console console = new Console(watch, history, engine, scheduling::nextClosing, host, runner, clock, window);
 * HttpEndpoint.start(..., console, clock);   // it calls console.routes(app, access, tls)
 * }</pre>
 */
public final class Console {
    public static final String PREFIX = "/console";
    private static final String HTMX = "/META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final Templates templates = new Templates();
    private final SignIns signIns;
    private final Views views;
    private final Acting acting;
    private final Clock clock;
    private Access access;
    private boolean secure;

    public Console(Watch watch, HistoryStore history, PolicyEngine engine, Function<ServerName, Instant> nextClosing,
            SessionHost host, ActionRunner runner, Clock clock, Duration comebackWindow) {
        this.clock = clock;
        this.signIns = new SignIns(clock);
        this.views = new Views(watch, history, engine, nextClosing, clock, comebackWindow);
        this.acting = new Acting(watch, engine, host, runner);
    }

    /** True for the paths this console answers, which {@link Access} does not guard. */
    public static boolean serves(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** Adds the console's routes to {@code app}; {@code secure} when the endpoint is HTTPS. */
    public void routes(Javalin app, Access access, boolean secure) {
        this.access = access;
        this.secure = secure;
        app.get("/", ctx -> ctx.redirect(PREFIX + "/sessions", HttpStatus.SEE_OTHER));
        app.get(PREFIX, ctx -> ctx.redirect(PREFIX + "/sessions", HttpStatus.SEE_OTHER));
        app.get(PREFIX + "/", ctx -> ctx.redirect(PREFIX + "/sessions", HttpStatus.SEE_OTHER));
        app.get(PREFIX + "/assets/htmx.min.js", ctx -> asset(ctx, HTMX, "text/javascript"));
        app.get(PREFIX + "/assets/console.css", ctx -> asset(ctx, "/web/console.css", "text/css"));
        app.get(PREFIX + "/login", this::loginForm);
        app.post(PREFIX + "/login", this::login);
        app.post(PREFIX + "/logout", this::logout);
        app.get(PREFIX + "/sessions", ctx -> page(ctx, "sessions", views.sessions(ctx)));
        app.get(PREFIX + "/servers", ctx -> page(ctx, "servers", views.servers()));
        app.get(PREFIX + "/upcoming", ctx -> page(ctx, "upcoming", views.upcoming()));
        app.get(PREFIX + "/history", ctx -> page(ctx, "history", views.history(ctx)));
        app.get(PREFIX + "/history.csv", views::historyCsv);
        app.get(PREFIX + "/report", ctx -> page(ctx, "report", views.report(ctx)));
        app.get(PREFIX + "/rules", ctx -> page(ctx, "rules", views.rules()));
        app.get(PREFIX + "/confirm", ctx -> page(ctx, "confirm", acting.confirm(ctx, signIn(ctx))));
        app.post(PREFIX + "/act", ctx -> page(ctx, "done", acting.act(ctx, signIn(ctx))));
        app.exception(Refused.class, (e, ctx) -> ctx.status(e.status).contentType("text/plain; charset=utf-8")
                .result(e.getMessage() + "\n"));
    }

    /**
     * Before every request under {@value #PREFIX}: the sign-in form and the assets are open; every other
     * page needs a sign-in (else the form), and every POST its sign-in's CSRF token (else 403).
     */
    public void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CSP).header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "same-origin");
        String path = ctx.path();
        boolean post = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
        if (path.startsWith(PREFIX + "/assets/") || path.equals(PREFIX + "/login")) {
            if (post) {
                ctx.header("Cache-Control", "no-store");
            }
            return;
        }
        ctx.header("Cache-Control", "no-store");
        Optional<SignIns.SignIn> who = signIns.find(ctx.cookie(SignIns.COOKIE));
        if (who.isEmpty()) {
            if (post) {
                throw new Refused(401, "refused: not signed in (sign in at " + PREFIX + "/login)");
            }
            ctx.redirect(PREFIX + "/login", HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        if (post) {
            String token = ctx.formParam("csrf");
            if (token == null) {
                token = ctx.header("X-CSRF-Token");
            }
            if (token == null || token.isEmpty()) {
                throw new Refused(403, "refused: the request carries no CSRF token (reload the page and try again)");
            }
            if (!SignIns.same(who.get().csrf(), token)) {
                throw new Refused(403, "refused: the CSRF token is not this sign-in's (reload the page and try again)");
            }
        }
        ctx.attribute("signIn", who.get());
    }

    private static SignIns.SignIn signIn(Context ctx) {
        return ctx.attribute("signIn");
    }

    private void page(Context ctx, String name, Map<String, Object> model) {
        SignIns.SignIn who = signIn(ctx);
        model.put("page", name);
        model.putIfAbsent("title", views.title(name));
        model.put("nav", views.nav(name));
        model.put("user", who.who().name());
        model.put("role", who.who().role().label());
        model.put("mayAct", who.mayAct());
        model.put("csrf", who.csrf());
        model.put("whatIf", views.whatIf());
        model.put("now", views.texts().full(clock.instant()));
        String query = ctx.queryString();
        model.putIfAbsent("self", ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query));
        ctx.contentType("text/html; charset=utf-8").result(templates.render(name, model));
    }

    private void loginForm(Context ctx) {
        loginPage(ctx, 200, null);
    }

    private void loginPage(Context ctx, int status, String error) {
        String token = signIns.token();
        ctx.header("Set-Cookie", SignIns.cookie(SignIns.FORM_COOKIE, token, secure, false));
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("csrf", token);
        model.put("error", error);
        model.put("whatIf", views.whatIf());
        ctx.status(status).contentType("text/html; charset=utf-8").result(templates.render("login", model));
    }

    private void login(Context ctx) {
        if (!SignIns.same(ctx.cookie(SignIns.FORM_COOKIE), ctx.formParam("csrf"))) {
            throw new Refused(403, "refused: the sign-in form's CSRF token is missing or wrong (load "
                    + PREFIX + "/login again)");
        }
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name");
        String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
        if (access.lockedOut(ctx.ip())) {
            loginPage(ctx, 429, "Too many failed sign-ins from this address: wait a minute.");
            return;
        }
        Optional<Access.Principal> who = access.signIn(name, password.toCharArray(), ctx.ip(), ctx.path());
        if (who.isEmpty()) {
            loginPage(ctx, 401, "Wrong name or password.");
            return;
        }
        ctx.header("Set-Cookie", SignIns.cookie(SignIns.COOKIE, signIns.start(who.get()), secure, false));
        ctx.redirect(PREFIX + "/sessions", HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        signIns.end(ctx.cookie(SignIns.COOKIE));
        ctx.header("Set-Cookie", SignIns.cookie(SignIns.COOKIE, "", secure, true));
        ctx.redirect(PREFIX + "/login", HttpStatus.SEE_OTHER);
    }

    private static void asset(Context ctx, String resource, String type) throws IOException {
        try (InputStream in = Console.class.getResourceAsStream(resource)) {
            if (in == null) {
                ctx.status(404).result("");
                return;
            }
            ctx.header("Cache-Control", "max-age=3600").contentType(type).result(in.readAllBytes());
        }
    }

    /** A request refused with {@code status} and one line saying why. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
