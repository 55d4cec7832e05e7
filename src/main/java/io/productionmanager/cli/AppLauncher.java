package io.productionmanager.cli;

import java.time.Clock;
import java.util.Map;

import io.productionmanager.app.PmApplication;
import io.productionmanager.production.Workspace;

/** Starts the Camel application for a command (CLI mode: no HTTP server, watcher or poller). */
final class AppLauncher {

    private AppLauncher() {
    }

    /** Property overrides shared by every command that boots Camel. */
    static Map<String, String> cliProperties(ProductionManagerCommand parent) {
        Map<String, String> p = PmApplication.oneShotProperties(parent.configDir(), parent.machine(), parent.stateDir());
        p.put("pm.catalog", parent.catalog().toString());
        p.put("pm.machine-given", String.valueOf(parent.machineGiven()));
        p.put("camel.main.routes-include-pattern", PmApplication.COMMAND_ROUTES);
        // the command prints a failure as one line of its own: the routes need not log it as well
        p.put("pm.route-failure-log-level", "DEBUG");
        return p;
    }

    static PmApplication start(ProductionManagerCommand parent) {
        return PmApplication.start(cliProperties(parent));
    }

    /** A workspace for read-only commands, which do not boot Camel. */
    static Workspace workspace(ProductionManagerCommand parent) {
        return new Workspace(parent.configDir(), parent.machine(), parent.machineGiven(), parent.catalog(), null,
                Clock.systemUTC());
    }
}
