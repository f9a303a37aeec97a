package dev.curfew.web;

import dev.curfew.http.Watch;
import dev.curfew.policy.Policy;
import dev.curfew.policy.Protection;
import dev.curfew.session.ServerName;
import dev.curfew.session.Session;
import dev.curfew.session.SessionState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The sessions page: every server's sessions as their last sweep saw them, filtered, sorted by any
 * column and cut into pages of {@value #PAGE} rows on the server (a fleet of 50,000 sessions is one
 * page of 100 rows to the browser), each with curfew's next step.
 */
final class SessionsView {
    static final int PAGE = 100;
    private static final List<String> FILTERS = List.of("server", "user", "state", "client");
    private static final Map<String, String> COLUMNS = columns();

    /** One session with what the page shows of it. */
    record Row(Session session, NextStep next) {
    }

    /** The page's filters, sort and page number, as the query string gave them. */
    record Query(Map<String, String> filters, String sort, boolean descending, int page) {
        static Query of(Function<String, String> param) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String name : FILTERS) {
                String v = param.apply(name);
                f.put(name, v == null ? "" : v.trim());
            }
            String sort = param.apply("sort");
            sort = sort != null && COLUMNS.containsKey(sort) ? sort : "server";
            int page = 1;
            try {
                page = Math.max(1, Integer.parseInt(param.apply("page") == null ? "1" : param.apply("page").trim()));
            } catch (NumberFormatException e) {
                page = 1;
            }
            return new Query(f, sort, "desc".equals(param.apply("dir")), page);
        }

        /** The query string of this query with {@code sort}, direction and page changed. */
        String with(String sortBy, boolean desc, int toPage) {
            StringBuilder q = new StringBuilder();
            filters.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    q.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
                }
            });
            q.append("sort=").append(sortBy).append("&dir=").append(desc ? "desc" : "asc").append("&page=").append(toPage);
            return q.toString();
        }
    }

    private SessionsView() {
    }

    private static Map<String, String> columns() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("server", "Server");
        c.put("id", "Session");
        c.put("user", "User");
        c.put("state", "State");
        c.put("client", "Client");
        c.put("station", "Station");
        c.put("idle", "Idle");
        c.put("logon", "Logon");
        c.put("next", "Next step");
        return c;
    }

    /** Every session of {@code servers} that passes {@code q}'s filters, sorted as it says. */
    static List<Row> rows(Map<ServerName, Watch.Server> servers, Function<ServerName, Instant> nextClosing,
            Policy policy, Query q) {
        String server = q.filters().get("server").toLowerCase(Locale.ROOT);
        String user = q.filters().get("user").toLowerCase(Locale.ROOT);
        String state = q.filters().get("state");
        String client = q.filters().get("client").toLowerCase(Locale.ROOT);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<ServerName, Watch.Server> e : servers.entrySet()) {
            if (!server.isEmpty() && !e.getKey().value().toLowerCase(Locale.ROOT).contains(server)) {
                continue;
            }
            Instant closing = null;
            boolean closingAsked = false;
            for (Session listed : e.getValue().sessions()) {
                // The sweep tells the listing as the server gave it; the flags are the policy's, as the rules saw them.
                Session s = Protection.flag(listed, policy);
                if (!user.isEmpty() && !s.account().toLowerCase(Locale.ROOT).contains(user)
                        || !state.isEmpty() && !s.state().wtsName().equalsIgnoreCase(state)
                        || !client.isEmpty() && !s.clientName().toLowerCase(Locale.ROOT).contains(client)) {
                    continue;
                }
                if (!closingAsked) {
                    closing = nextClosing.apply(e.getKey());
                    closingAsked = true;
                }
                rows.add(new Row(s, NextStep.of(s, e.getValue(), closing, policy)));
            }
        }
        Comparator<Row> order = comparator(q.sort());
        rows.sort(q.descending() ? order.reversed() : order);
        return rows;
    }

    private static Comparator<Row> comparator(String column) {
        Comparator<Row> byServer = Comparator.comparing((Row r) -> r.session().server().value())
                .thenComparingInt(r -> r.session().id());
        Comparator<Row> first = switch (column) {
            case "id" -> Comparator.comparingInt(r -> r.session().id());
            case "user" -> Comparator.comparing(r -> r.session().account().toLowerCase(Locale.ROOT));
            case "state" -> Comparator.comparing(r -> r.session().state().wtsName());
            case "client" -> Comparator.comparing(r -> r.session().clientName().toLowerCase(Locale.ROOT));
            case "station" -> Comparator.comparing(r -> r.session().station());
            case "idle" -> Comparator.comparing(r -> r.session().idle(), Comparator.nullsLast(Comparator.naturalOrder()));
            case "logon" -> Comparator.comparing(r -> r.session().logonTime(), Comparator.nullsLast(Comparator.naturalOrder()));
            case "next" -> Comparator.comparing(r -> r.next().at(), Comparator.nullsLast(Comparator.naturalOrder()));
            default -> byServer;
        };
        return first.thenComparing(byServer);
    }

    /** The page's model: filters, column headers with their sort links, one page of rows, the paging links. */
    static Map<String, Object> model(List<Row> all, Query q, Texts t, boolean mayAct) {
        Map<String, Object> m = new HashMap<>();
        q.filters().forEach((k, v) -> m.put("f_" + k, v));
        List<Map<String, Object>> states = new ArrayList<>();
        for (SessionState s : SessionState.values()) {
            states.add(Map.of("name", s.wtsName(), "selected", s.wtsName().equalsIgnoreCase(q.filters().get("state"))));
        }
        m.put("states", states);
        List<Map<String, Object>> headers = new ArrayList<>();
        COLUMNS.forEach((key, label) -> {
            boolean sorted = key.equals(q.sort());
            Map<String, Object> h = new HashMap<>();
            h.put("label", label);
            h.put("url", "?" + q.with(key, sorted && !q.descending(), 1));
            h.put("aria", sorted ? (q.descending() ? "descending" : "ascending") : "none");
            h.put("arrow", sorted ? (q.descending() ? " ▼" : " ▲") : "");
            headers.add(h);
        });
        m.put("headers", headers);
        int pages = Math.max(1, (all.size() + PAGE - 1) / PAGE);
        int page = Math.min(q.page(), pages);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : all.subList((page - 1) * PAGE, Math.min(all.size(), page * PAGE))) {
            rows.add(row(r, t, mayAct));
        }
        m.put("rows", rows);
        m.put("total", all.size());
        m.put("none", all.isEmpty());
        m.put("first", all.isEmpty() ? 0 : (page - 1) * PAGE + 1);
        m.put("last", Math.min(all.size(), page * PAGE));
        m.put("pageNumber", page);
        m.put("pages", pages);
        m.put("paged", pages > 1);
        m.put("prevPage", page > 1 ? "?" + q.with(q.sort(), q.descending(), page - 1) : null);
        m.put("nextPage", page < pages ? "?" + q.with(q.sort(), q.descending(), page + 1) : null);
        m.put("sort", q.sort());
        m.put("dir", q.descending() ? "desc" : "asc");
        return m;
    }

    private static Map<String, Object> row(Row r, Texts t, boolean mayAct) {
        Session s = r.session();
        Map<String, Object> m = new HashMap<>();
        String key = s.server().value() + ":" + s.id();
        m.put("key", key);
        m.put("keyUrl", URLEncoder.encode(key, StandardCharsets.UTF_8));
        m.put("domId", "s-" + key.replaceAll("[^A-Za-z0-9-]", "-"));
        m.put("server", s.server().value());
        m.put("id", s.id());
        m.put("user", s.account());
        m.put("state", s.state().wtsName());
        m.put("stateClass", s.state().isConnected() ? "on" : s.state() == SessionState.DISCONNECTED ? "off" : "other");
        m.put("stateIcon", s.state().isConnected() ? "●" : s.state() == SessionState.DISCONNECTED ? "○" : "◇");
        m.put("client", s.clientName());
        m.put("station", s.station());
        Duration idle = s.idle();
        m.put("idle", idle == null ? "" : Texts.span(idle));
        m.put("logon", t.time(s.logonTime()));
        m.put("next", r.next().describe(t));
        m.put("protected", Protection.of(s, true) != null);
        m.put("protectedReason", s.protectedReason());
        m.put("canAct", mayAct && Protection.of(s, true) == null && s.userPresent());
        return m;
    }
}
