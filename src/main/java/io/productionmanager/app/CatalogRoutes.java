package io.productionmanager.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

import io.productionmanager.catalog.CatalogEntry;
import io.productionmanager.catalog.CatalogWriter;
import io.productionmanager.production.ProductionExistsException;

/** Writes the workspace catalog by sending to the camel-sql routes of {@code routes/catalog.camel.yaml}. */
public final class CatalogRoutes implements CatalogWriter, CamelContextAware {

    private CamelContext context;
    private volatile ProducerTemplate template;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void register(CatalogEntry e) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", e.name());
        p.put("dir", e.dir().toAbsolutePath().normalize().toString());
        p.put("machine", e.machine());
        p.put("tag", e.tag() == null ? "" : e.tag());
        p.put("config_sha256", e.configSha256());
        p.put("created_at", e.createdAt().toString());
        p.put("auto_submit", e.autoSubmit() ? 1 : 0);
        p.put("held", e.held() == null ? "" : e.held());
        try {
            send("direct:catalog-register", p);
        } catch (RuntimeException ex) {
            if (String.valueOf(rootMessage(ex)).contains("UNIQUE constraint failed")) {
                // the database decides a race between two inits of the same name (or folder)
                throw new ProductionExistsException(e.name(), e.dir());
            }
            throw ex;
        }
    }

    @Override
    public void unregister(String name, Path dir) {
        send("direct:catalog-unregister", Map.of("name", name, "dir", dir.toAbsolutePath().normalize().toString()));
    }

    @Override
    public void setAutoSubmit(String name, boolean autoSubmit) {
        send("direct:catalog-auto-submit", Map.of("name", name, "auto_submit", autoSubmit ? 1 : 0));
    }

    @Override
    public void setHeld(String name, String reason) {
        send("direct:catalog-held", Map.of("name", name, "held", reason == null ? "" : reason));
    }

    private void send(String endpoint, Map<String, Object> params) {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        try {
            template.requestBody(endpoint, params);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("workspace catalog: " + rootMessage(cause), cause);
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
