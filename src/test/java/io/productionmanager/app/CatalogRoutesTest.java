package io.productionmanager.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.sql.SqlEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.productionmanager.catalog.CatalogEntry;
import io.productionmanager.catalog.CatalogReader;
import io.productionmanager.production.ProductionExistsException;

/**
 * The workspace catalog is written through camel-sql endpoints (routes/catalog.camel.yaml) on the
 * catalogDataSource bean, whose every connection runs in WAL mode with a busy timeout; the poll cycle reads
 * the active productions with a {@code sql:} query.
 */
class CatalogRoutesTest {

    @TempDir
    Path tmp;

    private PmApplication app;
    private Path catalog;

    @BeforeEach
    void start() {
        catalog = tmp.resolve("elsewhere/catalog.db");
        Map<String, String> p = new LinkedHashMap<>(PmApplication.oneShotProperties(tmp.resolve("config"), "local",
                tmp.resolve("state")));
        p.put("pm.catalog", catalog.toString());
        app = PmApplication.start(p);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void the_catalog_routes_and_the_poll_cycle_use_sql_endpoints() {
        for (String id : new String[] {"catalog-register", "catalog-unregister", "catalog-auto-submit", "catalog-held", "poll-cycle"}) {
            Route route = app.context().getRoute(id);
            assertThat(route).as(id).isNotNull();
            assertThat(app.context().getEndpoints().stream().filter(e -> e instanceof SqlEndpoint).map(Endpoint::getEndpointUri))
                    .as("sql endpoints of the application").isNotEmpty();
        }
        assertThat(app.context().getEndpoints()).filteredOn(e -> e instanceof SqlEndpoint)
                .anySatisfy(e -> assertThat(((SqlEndpoint) e).getQuery()).startsWith("SELECT name, auto_submit, held FROM productions"))
                .anySatisfy(e -> assertThat(((SqlEndpoint) e).getQuery()).startsWith("INSERT INTO productions"));
    }

    @Test
    void writes_through_the_routes_are_what_the_reader_sees_and_a_name_registers_once() {
        CatalogRoutes routes = app.bean("catalogRoutes", CatalogRoutes.class);
        CatalogReader reader = new CatalogReader(catalog);
        CatalogEntry alpha = new CatalogEntry("alpha", tmp.resolve("out/alpha"), "nersc", "production/alpha_v1.0_x",
                "ab12", Instant.parse("2026-01-02T03:04:05Z"), false, "", false);

        routes.register(alpha);
        assertThat(reader.find("alpha")).contains(alpha);
        assertThatThrownBy(() -> routes.register(new CatalogEntry("alpha", tmp.resolve("other/alpha"), "local", "", "cd34",
                Instant.parse("2026-01-02T03:04:06Z"), true, "", false)))
                .isInstanceOf(ProductionExistsException.class).hasMessageContaining("production 'alpha'");

        routes.setAutoSubmit("alpha", true);
        routes.setHeld("alpha", "batch_0000 refused: Invalid partition name specified");
        assertThat(reader.find("alpha")).hasValueSatisfying(e -> {
            assertThat(e.autoSubmit()).isTrue();
            assertThat(e.intent()).isEqualTo("held");
            assertThat(e.daemonMaySubmit()).isFalse();
        });
        routes.setHeld("alpha", "");
        assertThat(reader.find("alpha").orElseThrow().daemonMaySubmit()).isTrue();

        routes.unregister("alpha", alpha.dir());
        assertThat(reader.entries()).isEmpty();
    }

    @Test
    void every_connection_of_the_catalog_data_source_runs_in_wal_mode_with_a_busy_timeout() throws Exception {
        DataSource ds = app.context().getRegistry().lookupByNameAndType("catalogDataSource", DataSource.class);
        for (int i = 0; i < 2; i++) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(s, "busy_timeout")).isEqualTo("10000");
                assertThat(pragma(s, "synchronous")).as("NORMAL").isEqualTo("1");
            }
        }
        assertThat(catalog).isRegularFile();
    }

    private static String pragma(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
