package io.productionmanager.app;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The Camel application: boots Camel Main with {@link PmConfiguration} and the YAML routes,
 * and lets the CLI send work to the routes' {@code direct:} endpoints.
 */
public final class PmApplication implements AutoCloseable {

    /**
     * The route files a one-shot command needs ({@code camel.main.routes-include-pattern}): the stage routes
     * without the poller and watcher, whose Quartz scheduler alone costs half a second to start and stop.
     */
    public static final String COMMAND_ROUTES = "classpath:routes/error-handling.camel.yaml,"
            + "classpath:routes/catalog.camel.yaml,classpath:routes/init.camel.yaml,classpath:routes/stage.camel.yaml,classpath:routes/submit.camel.yaml";

    /**
     * Properties of a one-shot application (command line, demo, Java API): no daemon routes' triggers,
     * no HTTP server, and no JMX, metrics or health checks, which cost start-up time and serve nobody.
     */
    public static Map<String, String> oneShotProperties(java.nio.file.Path configDir, String machine,
                                                        java.nio.file.Path stateDir) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("pm.config-dir", configDir.toString());
        p.put("pm.machine", machine);
        p.put("pm.state-dir", stateDir.toString());
        p.put("pm.daemon", "false");
        p.put("camel.management.enabled", "false");
        p.put("camel.main.jmx-enabled", "false");
        p.put("camel.metrics.enabled", "false");
        p.put("camel.health.enabled", "false");
        return p;
    }

    private final Main main;
    private ProducerTemplate template;

    private PmApplication(Main main) {
        this.main = main;
    }

    /**
     * Something that joins the application as it starts (e.g. the dashboard on the HTTP server): once Camel is
     * configured but before anything is started or listens, and once it runs.
     */
    public interface Extension {
        /** Camel is configured; no route, server or consumer has started. */
        default void configured(CamelContext context) {
        }

        /** Camel has started. */
        default void started(CamelContext context) {
        }
    }

    /**
     * Starts Camel with the given property overrides (e.g. {@code pm.config-dir}, {@code pm.daemon}).
     * In CLI mode the HTTP server and the daemon routes stay off.
     */
    public static PmApplication start(Map<String, String> overrides, Extension... extensions) {
        Main main = new Main();
        overrides.forEach(main::addOverrideProperty);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                for (Extension e : extensions) {
                    e.configured(m.getCamelContext());
                }
            }
        });
        PmApplication app = new PmApplication(main);
        try {
            main.start();
            app.template = main.getCamelContext().createProducerTemplate();
            Observability.install(main.getCamelContext());
            for (Extension e : extensions) {
                e.started(main.getCamelContext());
            }
        } catch (Exception e) {
            app.close();
            throw new IllegalStateException("could not start the Camel application: " + rootMessage(e), e);
        }
        return app;
    }

    /** Sends {@code body} to a {@code direct:} endpoint and returns the reply, unwrapping route failures. */
    public <T> T request(String endpoint, Object body, Class<T> type) {
        try {
            return template.requestBody(endpoint, body, type);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** The running Camel context. */
    public CamelContext context() {
        return main.getCamelContext();
    }

    /** A bean from the registry, by name. */
    public <T> T bean(String name, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    /** Blocks until {@code stop} is counted down (SIGTERM / SIGINT through a shutdown hook). */
    public void awaitShutdown(CountDownLatch stop) throws InterruptedException {
        stop.await();
    }

    @Override
    public void close() {
        try {
            if (template != null) {
                template.close();
            }
            main.stop();
        } catch (Exception e) {
            // stopping is best effort: the process is about to exit
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
