package io.productionmanager.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.productionmanager.production.Executors;
import io.productionmanager.app.PmApplication;
import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.store.JobState;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * The dashboard on the daemon's HTTP server (the one that serves {@code /observe/*}): the pages, their
 * assets from the jar, and the read-only JSON API. Every request to that server, {@code /observe/*}
 * included, passes the guard first: the token when one is set, and GET or HEAD only.
 */
public final class DashboardServer implements PmApplication.Extension {

    /** Cookie that carries the token for the pages, set when a page is opened with {@code ?token=}. */
    public static final String TOKEN_COOKIE = "pm_token";
    /** Query parameter that carries the token. */
    public static final String TOKEN_PARAM = "token";
    /** Largest part of a log file served: its end. */
    static final int LOG_TAIL_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ASSETS = Map.of(
            "dashboard.css", "text/css; charset=utf-8",
            "common.js", "text/javascript; charset=utf-8",
            "index.js", "text/javascript; charset=utf-8",
            "production.js", "text/javascript; charset=utf-8");
    private static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final HttpAccess access;
    private final Function<CamelContext, DashboardApi> apiFactory;
    private final Map<String, byte[]> assets = new LinkedHashMap<>();
    private volatile DashboardApi api;

    /**
     * @param apiFactory builds the API once Camel runs (its beans exist then); see {@link #workspaceApi}
     */
    public DashboardServer(HttpAccess access, Function<CamelContext, DashboardApi> apiFactory) {
        this.access = access;
        this.apiFactory = apiFactory;
        for (String name : ASSETS.keySet()) {
            assets.put(name, resource(name));
        }
        assets.put("index.html", resource("index.html"));
        assets.put("production.html", resource("production.html"));
    }

    /**
     * The API over the productions of the daemon's workspace. The one place the dashboard's list of
     * productions comes from: switch {@link WorkspaceProductionSource} for another {@link ProductionSource} here.
     */
    public static DashboardApi workspaceApi(CamelContext ctx) {
        Workspace workspace = ctx.getRegistry().lookupByNameAndType("workspace", Workspace.class);
        Executors executors = ctx.getRegistry().lookupByNameAndType("executors", Executors.class);
        Clock clock = ctx.getRegistry().lookupByNameAndType("clock", Clock.class);
        return new DashboardApi(new WorkspaceProductionSource(workspace, clock), () -> executors.stats().snapshot(), clock);
    }

    /** Before the server listens: the guard becomes the first handler of every request. */
    @Override
    public void configured(CamelContext ctx) {
        ManagementHttpServer server = ctx.hasService(ManagementHttpServer.class);
        if (server == null) {
            return;
        }
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        entry.setAuthenticationProviderFactory(vertx -> null);
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                return DashboardServer.this::guard;
            }
        });
        AuthenticationConfig config = new AuthenticationConfig(new java.util.ArrayList<>(java.util.List.of(entry)));
        config.setEnabled(true);
        server.getConfiguration().setAuthenticationConfig(config);
    }

    /** Once the server runs: the pages, assets and API. */
    @Override
    public void started(CamelContext ctx) {
        ManagementHttpServer server = ctx.hasService(ManagementHttpServer.class);
        if (server == null) {
            return;
        }
        api = apiFactory.apply(ctx);
        Router router = server.getRouter();
        get(router, "/").handler(rc -> page(rc, "index.html"));
        get(router, "/productions/:name").blockingHandler(rc -> {
            if (api.source().find(name(rc)).isPresent()) {
                page(rc, "production.html");
            } else {
                send(rc, 404, "text/plain; charset=utf-8", ("no production named " + name(rc) + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }, false);
        get(router, "/assets/:file").handler(this::asset);
        api(router, "/api/productions", rc -> json(rc, api.productions()));
        api(router, "/api/productions/:name", rc -> found(rc, api.production(name(rc))));
        api(router, "/api/productions/:name/grid", rc -> found(rc, api.grid(name(rc))));
        api(router, "/api/productions/:name/timeline", rc -> found(rc, api.timeline(name(rc))));
        api(router, "/api/productions/:name/jobs", rc -> found(rc, api.jobs(name(rc), query(rc))));
        api(router, "/api/productions/:name/jobs/:id", rc -> found(rc, api.job(name(rc), rc.pathParam("id"))));
        api(router, "/api/productions/:name/logs/*", this::log);
        router.route("/api/*").handler(rc -> error(rc, 404, "no such resource: " + rc.normalizedPath()));
    }

    /** A JSON resource: read from the stores on a worker thread (SQLite blocks), bad parameters answered 400. */
    private static void api(Router router, String path, Handler<RoutingContext> handler) {
        get(router, path).blockingHandler(handler, false).failureHandler(failures());
    }

    private static io.vertx.ext.web.Route get(Router router, String path) {
        return router.route(HttpMethod.GET, path).method(HttpMethod.HEAD);
    }

    // ---------------------------------------------------------------- the guard

    /** Token (when set), then method: every request of the server passes here first. */
    void guard(RoutingContext rc) {
        HttpServerResponse res = rc.response();
        res.putHeader("X-Content-Type-Options", "nosniff");
        res.putHeader("X-Frame-Options", "DENY");
        res.putHeader("Referrer-Policy", "no-referrer");
        if (access.tokenRequired()) {
            HttpServerRequest req = rc.request();
            String bearer = bearer(req.getHeader("Authorization"));
            Cookie cookie = req.getCookie(TOKEN_COOKIE);
            String param = req.getParam(TOKEN_PARAM);
            boolean ok = (bearer != null && access.accepts(bearer))
                    || (cookie != null && access.accepts(cookie.getValue()))
                    || (param != null && access.accepts(param));
            if (!ok) {
                res.putHeader("WWW-Authenticate", "Bearer realm=\"production-manager\"");
                if (isApi(rc)) {
                    error(rc, 401, "a token is required: header 'Authorization: Bearer TOKEN'");
                } else {
                    res.setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8")
                            .end("401: this production-manager needs its token. Open this address with ?token=TOKEN once "
                                    + "(the browser keeps it in a cookie), or send 'Authorization: Bearer TOKEN'.\n");
                }
                return;
            }
            if (param != null && access.accepts(param)) {
                res.addCookie(Cookie.cookie(TOKEN_COOKIE, param).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                        .setPath("/"));
                if (isPage(rc) && (req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD)) {
                    // the token leaves the address bar (and the history) at once
                    res.setStatusCode(303).putHeader("Location", withoutToken(req)).end();
                    return;
                }
            }
        }
        HttpMethod m = rc.request().method();
        if (m != HttpMethod.GET && m != HttpMethod.HEAD) {
            res.putHeader("Allow", "GET, HEAD");
            error(rc, 405, "read-only: " + m.name() + " is not allowed (GET or HEAD only)");
            return;
        }
        rc.next();
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    private static boolean isApi(RoutingContext rc) {
        String p = rc.normalizedPath();
        return p.startsWith("/api/") || p.startsWith("/observe/") || p.equals("/api");
    }

    private static boolean isPage(RoutingContext rc) {
        String p = rc.normalizedPath();
        return p.equals("/") || p.startsWith("/productions/");
    }

    private static String withoutToken(HttpServerRequest req) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : req.params()) {
            if (!e.getKey().equals(TOKEN_PARAM)) {
                q.append(q.length() == 0 ? "?" : "&").append(DashboardApi.encode(e.getKey())).append('=')
                        .append(DashboardApi.encode(e.getValue()));
            }
        }
        return req.path() + q;
    }

    // ---------------------------------------------------------------- pages and assets

    private void page(RoutingContext rc, String file) {
        rc.response().putHeader("Content-Security-Policy", PAGE_CSP);
        send(rc, 200, "text/html; charset=utf-8", assets.get(file));
    }

    private void asset(RoutingContext rc) {
        String name = rc.pathParam("file");
        String type = ASSETS.get(name);
        if (type == null) {
            rc.response().setStatusCode(404).end();
            return;
        }
        send(rc, 200, type, assets.get(name));
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardServer.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks web/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- API

    private static String name(RoutingContext rc) {
        return rc.pathParam("name");
    }

    private static DashboardApi.JobQuery query(RoutingContext rc) {
        for (String key : rc.queryParams().names()) {
            if (!java.util.Set.of("state", "realization", "redshift", "limit", TOKEN_PARAM).contains(key)) {
                throw new IllegalArgumentException(key + ": unknown parameter (state, realization, redshift, limit)");
            }
        }
        String state = rc.queryParams().get("state");
        JobState s = null;
        if (state != null) {
            try {
                s = JobState.valueOf(state.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state: unknown state '" + state + "'; expected one of "
                        + java.util.Arrays.toString(JobState.values()));
            }
        }
        Integer realization = number(rc, "realization", Integer::valueOf);
        Double redshift = number(rc, "redshift", Double::valueOf);
        Integer limit = number(rc, "limit", Integer::valueOf);
        return new DashboardApi.JobQuery(s, realization, redshift, limit == null ? DashboardApi.DEFAULT_LIMIT : limit);
    }

    private static <T> T number(RoutingContext rc, String key, Function<String, T> parse) {
        String v = rc.queryParams().get(key);
        if (v == null) {
            return null;
        }
        try {
            return parse.apply(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: '" + v + "'");
        }
    }

    private void log(RoutingContext rc) {
        // /api/productions/NAME/logs/REST, REST still percent-encoded
        String rest = rc.normalizedPath().substring("/api/productions/".length());
        int slash = rest.indexOf('/');
        String encoded = rest.substring(slash + "/logs/".length());
        Optional<Production> p = api.open(name(rc));
        if (p.isEmpty()) {
            error(rc, 404, "no production named " + name(rc));
            return;
        }
        Path file;
        try {
            file = LogFiles.resolve(p.get(), encoded);
        } catch (LogFiles.Refused e) {
            error(rc, e.status, e.getMessage());
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(bytes);
            if (from > 0) {
                rc.response().putHeader("X-Log-Truncated", "first " + from + " bytes left out");
            }
            send(rc, 200, "text/plain; charset=utf-8", bytes);
        } catch (IOException e) {
            error(rc, 404, "not found");
        }
    }

    private void found(RoutingContext rc, Optional<Map<String, Object>> doc) {
        if (doc.isEmpty()) {
            error(rc, 404, "not found: " + rc.normalizedPath());
        } else {
            json(rc, doc.get());
        }
    }

    private void json(RoutingContext rc, Object doc) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            error(rc, 500, e.getMessage());
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(body);
        String etag = "W/\"" + Long.toHexString(crc.getValue()) + "-" + body.length + "\"";
        rc.response().putHeader("ETag", etag);
        if (etag.equals(rc.request().getHeader("If-None-Match"))) {
            rc.response().setStatusCode(304).end();
            return;
        }
        send(rc, 200, "application/json", body);
    }

    private static void send(RoutingContext rc, int status, String type, byte[] body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", type).putHeader("Cache-Control", "no-cache")
                .end(Buffer.buffer(body));
    }

    private static void error(RoutingContext rc, int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", message);
        try {
            send(rc, status, "application/json", JSON.writeValueAsBytes(m));
        } catch (JsonProcessingException e) {
            rc.response().setStatusCode(status).end();
        }
    }

    /** Failures of the API handlers: bad parameters are 400, anything else 500 (and logged). */
    static Handler<RoutingContext> failures() {
        return rc -> {
            Throwable t = rc.failure();
            if (t instanceof IllegalArgumentException) {
                error(rc, 400, t.getMessage());
            } else {
                LOG.warn("dashboard request {} failed", rc.normalizedPath(), t);
                error(rc, rc.statusCode() > 0 ? rc.statusCode() : 500, t == null ? "error" : String.valueOf(t.getMessage()));
            }
        };
    }
}
