package dev.curfew.config;

import dev.curfew.action.ActionRunner;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Holidays;
import dev.curfew.policy.Policy;
import dev.curfew.policy.Wildcard;
import dev.curfew.session.ServerName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.quartz.CronExpression;

/**
 * Loads and checks {@code curfew.yaml}. Every value is checked once, here; a wrong one stops the
 * load with one line naming the file, the line, the key, the value and the accepted form:
 *
 * <pre>
 * config/curfew.yaml:9: policy.idle.limit: "30 minutes" is not a duration (use 30s, 30m, 2h, 1h30m, 1d or off)
 * </pre>
 */
public final class ConfigLoader {
    public static final String FILE_NAME = "curfew.yaml";

    private ConfigLoader() {
    }

    /** Loads {@code dir/curfew.yaml}; relative paths in it are resolved against {@code dir}. */
    public static CurfewConfig load(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        return load(YamlNode.read(file), dir);
    }

    static CurfewConfig load(YamlNode root, Path dir) {
        root.allowOnly("host", "servers", "sweep", "schedule", "history", "report", "policy", "node");
        YamlNode host = root.get("host").allowOnly("backend", "scenario", "journal", "scenarioStart");
        Backend backend = host.get("backend").as(Backend::parse, Backend.AUTO);
        Path scenario = dir.resolve(host.get("scenario").text("demo-scenario.yaml"));
        String journal = host.get("journal").text(null);
        Instant scenarioStart = host.get("scenarioStart").as(ConfigLoader::instant, null);

        YamlNode sweep = root.get("sweep").allowOnly("interval", "parallelism", "actionsPerServer", "actionsInFlight");
        Duration interval = positive(sweep.get("interval"), Duration.ofMinutes(1));
        int parallelism = sweep.get("parallelism").integer(8, 1, 1024);
        int actionsInFlight = sweep.get("actionsInFlight").integer(ActionRunner.DEFAULT_ACTIONS_IN_FLIGHT, 1, 1024);
        YamlNode perServerNode = sweep.get("actionsPerServer");
        int actionsPerServer = perServerNode.integer(Math.min(ActionRunner.DEFAULT_ACTIONS_PER_SERVER, actionsInFlight),
                1, 1024);
        if (actionsPerServer > actionsInFlight) {
            throw perServerNode.error(actionsPerServer + " is more than sweep.actionsInFlight (" + actionsInFlight
                    + "), the calls to all servers together (use at most " + actionsInFlight + ")");
        }
        YamlNode schedule = root.get("schedule")
                .allowOnly("misfireGrace", "store", "url", "user", "password", "checkinInterval");
        Duration misfireGrace = nonNegative(schedule.get("misfireGrace"), Duration.ofMinutes(10));
        if (misfireGrace == null) {
            misfireGrace = Duration.ZERO;
        }

        YamlNode history = root.get("history").allowOnly("dir", "url", "user", "password", "retention");
        Duration retention = positiveOrOff(history.get("retention"), Duration.ofDays(400));
        YamlNode report = root.get("report").allowOnly("comebackWindow");
        Duration comebackWindow = positive(report.get("comebackWindow"), Duration.ofMinutes(10));
        Path dataDir = Path.of(history.get("dir").text("data"));
        String url = history.get("url").text(null);
        if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw history.get("url").error("\"" + url + "\" is not a supported database URL (use jdbc:h2:... or jdbc:postgresql://host/db)");
        }
        JobStoreConfig jobStore = jobStore(schedule, history);
        return new CurfewConfig(root.file() == null ? dir.resolve(FILE_NAME) : Path.of(root.file()), backend, scenario,
                journal == null ? null : dir.resolve(journal), scenarioStart,
                servers(root.get("servers"), interval), interval, parallelism, actionsPerServer, actionsInFlight,
                misfireGrace, jobStore, dataDir, url, history.get("user").text(null), history.get("password").text(null),
                retention, comebackWindow, root.get("node").text(defaultNode()), policy(root.get("policy")));
    }

    /**
     * {@code schedule.store}: ram, or jdbc on {@code schedule.url}, which defaults to a PostgreSQL
     * {@code history.url} (with its account): the usual cluster keeps both in one database.
     */
    private static JobStoreConfig jobStore(YamlNode schedule, YamlNode history) {
        YamlNode store = schedule.get("store");
        String kind = store.text("ram").trim().toLowerCase(java.util.Locale.ROOT);
        Duration checkin = positive(schedule.get("checkinInterval"), JobStoreConfig.DEFAULT_CHECKIN);
        if (kind.equals("ram")) {
            for (String key : List.of("url", "user", "password")) {
                if (!schedule.get(key).isMissing()) {
                    throw schedule.get(key).error("is only used with schedule.store: jdbc");
                }
            }
            return JobStoreConfig.ram();
        }
        if (!kind.equals("jdbc")) {
            throw store.error("\"" + store.text() + "\" is not a job store (use ram for one daemon, jdbc for several)");
        }
        YamlNode url = schedule.get("url");
        if (url.isMissing()) {
            String historyUrl = history.get("url").text(null);
            if (historyUrl == null || !historyUrl.startsWith("jdbc:postgresql:")) {
                throw store.error("jdbc needs schedule.url, or a PostgreSQL history.url to share "
                        + "(use jdbc:postgresql://host/db)");
            }
            return JobStoreConfig.jdbc(historyUrl, history.get("user").text(null), history.get("password").text(null),
                    checkin);
        }
        String text = url.text();
        if (!text.startsWith("jdbc:postgresql:") && !text.startsWith("jdbc:h2:")) {
            throw url.error("\"" + text + "\" is not a supported database URL (use jdbc:postgresql://host/db, "
                    + "or jdbc:h2:tcp://host/path for a trial)");
        }
        return JobStoreConfig.jdbc(text, schedule.get("user").text(null), schedule.get("password").text(null), checkin);
    }

    static Instant instant(String text) {
        try {
            return java.time.OffsetDateTime.parse(text.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an instant (use 2026-11-23T07:30:00Z or "
                    + "2026-11-23T07:30:00+01:00)");
        }
    }

    private static List<ServerConfig> servers(YamlNode list, Duration defaultInterval) {
        List<ServerConfig> out = new ArrayList<>();
        Set<ServerName> seen = new HashSet<>();
        for (YamlNode item : list.items()) {
            ServerName name;
            Duration interval = null;
            if (item.isMap()) {
                item.allowOnly("name", "interval");
                name = item.get("name").as(ServerName::of, null);
                if (name == null) {
                    throw item.get("name").error("every server needs a name");
                }
                interval = positive(item.get("interval"), null);
            } else {
                name = item.as(ServerName::of, null);
            }
            if (!seen.add(name)) {
                throw item.error("server \"" + name + "\" is listed twice");
            }
            out.add(new ServerConfig(name, interval == null ? defaultInterval : interval));
        }
        return out;
    }

    static Policy policy(YamlNode p) {
        p.allowOnly("zone", "idle", "disconnected", "session", "closing", "exempt", "protect", "whatIf", "message");
        ZoneId zone = p.get("zone").as(ZoneId::of, ZoneId.systemDefault());
        Policy d = Policy.defaults(zone);

        YamlNode idle = p.get("idle").allowOnly("limit", "warn", "action");
        YamlNode disc = p.get("disconnected").allowOnly("limit", "action");
        YamlNode sess = p.get("session").allowOnly("limit", "warn", "action");
        YamlNode closing = p.get("closing").allowOnly("at", "warn", "action", "holidays");
        YamlNode exempt = p.get("exempt").allowOnly("users", "clients", "stations");
        YamlNode protect = p.get("protect").allowOnly("console");
        YamlNode message = p.get("message").allowOnly("title", "text");

        YamlNode discAction = disc.get("action");
        ActionType disconnectedAction = discAction.as(ActionType::parseEnding, d.disconnected().action());
        if (disconnectedAction != ActionType.LOGOFF) {
            throw discAction.error("\"" + discAction.text() + "\" cannot end a disconnected session (use logoff)");
        }
        String cron = closing.get("at").as(ConfigLoader::cron, d.closing().at());
        List<Duration> closingWarn = new ArrayList<>();
        for (YamlNode w : closing.get("warn").items()) {
            Duration lead = positive(w, null);
            if (lead != null) {
                closingWarn.add(lead);
            }
        }
        if (closing.get("warn").isMissing()) {
            closingWarn = d.closing().warn();
        }
        List<Object> holidays = new ArrayList<>();
        for (YamlNode h : closing.get("holidays").items()) {
            holidays.add(h.as(Holidays::parseEntry, null));
        }
        return new Policy(zone,
                new Policy.Idle(nonNegative(idle.get("limit"), d.idle().limit()),
                        nonNegative(idle.get("warn"), d.idle().warn()),
                        idle.get("action").as(ActionType::parseEnding, d.idle().action())),
                new Policy.Disconnected(nonNegative(disc.get("limit"), d.disconnected().limit()), disconnectedAction),
                new Policy.SessionLimit(nonNegative(sess.get("limit"), d.session().limit()),
                        nonNegative(sess.get("warn"), d.session().warn()),
                        sess.get("action").as(ActionType::parseEnding, d.session().action())),
                new Policy.ClosingTime(cron, closingWarn,
                        closing.get("action").as(ActionType::parseEnding, d.closing().action()), Holidays.of(holidays)),
                new Policy.Exempt(wildcards(exempt.get("users")), wildcards(exempt.get("clients")),
                        wildcards(exempt.get("stations"))),
                new Policy.Protect(protect.get("console").bool(d.protect().console())),
                p.get("whatIf").bool(false),
                new Policy.Message(message.get("title").text(d.message().title()),
                        message.get("text").text(d.message().text())));
    }

    private static List<Wildcard> wildcards(YamlNode list) {
        return list.texts().stream().map(Wildcard::of).toList();
    }

    /** Checks a Quartz cron expression; {@code off} means none. */
    static String cron(String text) {
        if (text.trim().equalsIgnoreCase("off")) {
            return null;
        }
        try {
            new CronExpression(text.trim());
            return text.trim();
        } catch (ParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a Quartz cron expression ("
                    + e.getMessage() + "; use seconds minutes hours day-of-month month day-of-week, "
                    + "like \"0 0 18 ? * MON-FRI\", or off)");
        }
    }

    private static Duration nonNegative(YamlNode n, Duration fallback) {
        if (n.isMissing()) {
            return fallback;
        }
        return n.duration(null);
    }

    /** A positive duration, or null for {@code off}. */
    private static Duration positiveOrOff(YamlNode n, Duration fallback) {
        if (n.isMissing()) {
            return fallback;
        }
        Duration d = n.duration(null);
        if (d != null && d.isZero()) {
            throw n.error("\"" + n.text() + "\" must be a positive duration or off (use 400d, 90d, off)");
        }
        return d;
    }

    private static Duration positive(YamlNode n, Duration fallback) {
        Duration d = n.duration(fallback);
        if (!n.isMissing() && (d == null || d.isZero())) {
            throw n.error("\"" + n.text() + "\" must be a positive duration (use 30s, 1m, 5m)");
        }
        return d;
    }

    private static String defaultNode() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
