package io.productionmanager.cli;

import java.nio.file.Path;

/**
 * Start-up work a short command will do anyway, begun on a second thread while the main thread builds the
 * command-line model: the SQLite driver's per-process set-up (its connection configuration formats dates, which
 * loads the JDK's calendar, locale and time-zone data; its native library) and the YAML parser's classes. Only
 * caches are filled that the command fills itself a moment later, with the same values (the driver's date format
 * is cached by pattern, time zone and locale, the native library is loaded once per process), so what the command
 * prints is unchanged; whatever fails here is left for the command to meet and report as it always did.
 * {@link #await} is called before the command runs, so the two threads never load the same classes at the same
 * time beyond the JDK's own.
 */
final class StartWarmup {

    private static final String YAML = "warm: [up, 1, 2.5, true]\nup:\n  nested: \"text\"\n";

    private final Thread thread;

    private StartWarmup(Thread thread) {
        this.thread = thread;
    }

    /** Begins the warm-up for subcommand {@code command} (null: nothing to warm); never fails. */
    static StartWarmup begin(String command) {
        Runnable work = work(command);
        if (work == null) {
            return new StartWarmup(null);
        }
        try {
            Thread t = new Thread(() -> {
                try {
                    work.run();
                } catch (Throwable e) {
                    // the command meets the same problem itself, and reports it
                }
            }, "start-warmup");
            t.setDaemon(true);
            t.start();
            return new StartWarmup(t);
        } catch (Throwable e) {
            return new StartWarmup(null);
        }
    }

    /** What to warm for {@code command}: the SQLite driver for commands that open a database, YAML for all three. */
    static Runnable work(String command) {
        if (command == null) {
            return null;
        }
        return switch (command) {
            case "status", "list" -> () -> {
                sqlite();
                yaml();
            };
            case "validate" -> StartWarmup::yaml;
            default -> null;
        };
    }

    /** Waits until the warm-up has ended (at once when there is none). */
    void await() {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sqlite() {
        io.productionmanager.store.SqliteNative.useCachedLibrary();
        // the connection configuration every connection builds: its date format is cached for the process
        new org.sqlite.SQLiteConfig();
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            // left to the first connection, which tries again and reports it
        }
    }

    private static void yaml() {
        io.productionmanager.config.YamlLoader.parse(YAML, Path.of("warm-up.yaml"));
    }
}
