package io.productionmanager.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Points the SQLite driver at a copy of its native library kept in the user's cache folder. Left to
 * itself the driver extracts the library from the jar on every start and compares it byte by byte
 * with an earlier copy, a quarter of a short command's time. The cached copy is named by the driver's
 * version and platform and written once (atomically); anything unusual (a path already given with
 * {@code org.sqlite.lib.path}, no cache folder, an unknown platform) leaves the driver's own way.
 */
public final class SqliteNative {

    private static volatile boolean done;
    /** The thread doing the driver's set-up ahead of the first connection, if one was started. */
    private static volatile Thread ahead;

    private SqliteNative() {
    }

    /**
     * Begins, on a second thread, the SQLite driver's per-process set-up that the first connection would do: the
     * cached native library and its loading, and the connection configuration, whose date format loads the JDK's
     * calendar, locale and time-zone data, and the driver's logger. A short command that reads a database calls
     * this first thing, so that the set-up runs while it does its other work (reading configuration) on the other
     * core. Only what the first connection does anyway, with the same values, is done; anything that fails is
     * left for the connection to meet and report as always. {@link #useCachedLibrary()}, which every use of the
     * driver goes through first, waits for the thread to end, so the two threads never use the driver's classes
     * at the same time.
     */
    public static void setUpAhead() {
        setUpAhead(null);
    }

    /**
     * As {@link #setUpAhead()}, the thread running {@code first} (null: nothing) before the driver's set-up: other
     * start-up work of the command that uses no SQLite class (a failure in it is ignored).
     */
    public static void setUpAhead(Runnable first) {
        synchronized (SqliteNative.class) {
            if (ahead != null || done) {
                return;
            }
            try {
                Thread t = new Thread(new SetUp(first), "sqlite-set-up");
                t.setDaemon(true);
                t.start();
                ahead = t;
            } catch (RuntimeException | Error e) {
                // set up by the first connection, as always
            }
        }
    }

    /** What {@link #setUpAhead()} runs (a class rather than a lambda: nothing to link on the way). */
    private static final class SetUp implements Runnable {
        private final Runnable first;

        SetUp(Runnable first) {
            this.first = first;
        }

        @Override
        public void run() {
            if (first != null) {
                try {
                    first.run();
                } catch (RuntimeException | Error e) {
                    // the command meets it itself
                }
            }
            try {
                useCachedLibrary();
                new org.sqlite.SQLiteConfig();
                org.sqlite.SQLiteJDBCLoader.initialize();
                Class.forName("org.sqlite.JDBC", true, SqliteNative.class.getClassLoader());
            } catch (Exception | LinkageError e) {
                // the first connection tries again and reports it
            }
        }
    }

    /** Sets {@code org.sqlite.lib.path} / {@code org.sqlite.lib.name} once per process when it can. */
    public static void useCachedLibrary() {
        Thread t = ahead;
        if (t != null && t != Thread.currentThread()) {
            awaitEnd(t);
        }
        if (done) {
            return;
        }
        synchronized (SqliteNative.class) {
            if (done) {
                return;
            }
            done = true;
            if (System.getProperty("org.sqlite.lib.path") != null) {
                return;
            }
            try {
                Path lib = cachedLibrary();
                if (lib != null) {
                    System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
                    System.setProperty("org.sqlite.lib.name", lib.getFileName().toString());
                }
            } catch (IOException | RuntimeException e) {
                // the driver extracts the library itself, as it always did
            }
        }
    }

    /**
     * Waits until a set-up begun ahead has ended (at once when there is none): a command that ends before it used
     * the driver (an unknown production, say) does not stop the thread while it writes the cached library.
     */
    public static void awaitSetUpAhead() {
        Thread t = ahead;
        if (t != null && t != Thread.currentThread()) {
            awaitEnd(t);
        }
    }

    /** Forgets that the set-up was done or begun, so that a test can watch it again (the driver stays loaded). */
    static void forgetForTest() {
        Thread t = ahead;
        if (t != null) {
            awaitEnd(t);
        }
        synchronized (SqliteNative.class) {
            ahead = null;
            done = false;
        }
    }

    private static void awaitEnd(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path cachedLibrary() throws IOException {
        String version = driverVersion();
        if (version == null) {
            return null;
        }
        String cacheHome = System.getenv("XDG_CACHE_HOME");
        Path cache = cacheHome != null && !cacheHome.isBlank() ? Path.of(cacheHome)
                : Path.of(System.getProperty("user.home"), ".cache");
        Path versionDir = cache.resolve("production-manager").resolve("sqlite-jdbc-" + version);
        String folder = platformFolder(versionDir);
        String name = System.mapLibraryName("sqlitejdbc");
        if (folder == null) {
            return null;
        }
        String resource = "/org/sqlite/native/" + folder + "/" + name;
        Path dir = versionDir.resolve(folder);
        Path lib = dir.resolve(name);
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        try (InputStream in = SqliteNative.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return lib;
    }

    /**
     * The driver's folder name of this platform (e.g. {@code Linux/x86_64}). The driver finds it by starting
     * {@code uname} and listing the process's mapped files, a twentieth of a second; the answer is kept next to
     * the cached library with what decides it (operating system, architecture, Java runtime and
     * {@code /etc/os-release}, which tells a musl distribution from a glibc one), and used again only when all of
     * that is the same: a home folder shared by different machines keeps one answer per kind of machine.
     */
    static String platformFolder(Path versionDir) {
        Path memo = null;
        String facts = null;
        try {
            StringBuilder b = new StringBuilder();
            for (String p : new String[] {"os.name", "os.arch", "java.runtime.name", "sun.arch.abi"}) {
                b.append(p).append('=').append(System.getProperty(p, "")).append('\n');
            }
            if (Files.isRegularFile(OS_RELEASE)) {
                b.append(Files.readString(OS_RELEASE));
            }
            facts = b.toString();
            memo = versionDir.resolve(String.format("platform-%08x.txt", facts.hashCode()));
            if (Files.isRegularFile(memo)) {
                String kept = Files.readString(memo);
                int nl = kept.indexOf('\n');
                String folder = nl < 0 ? "" : kept.substring(0, nl);
                if (kept.substring(nl + 1).equals(facts) && !folder.isBlank() && !folder.contains("..")) {
                    return folder;
                }
            }
        } catch (IOException | RuntimeException e) {
            memo = null;
        }
        String folder = org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
        if (folder != null && memo != null) {
            try {
                Files.createDirectories(versionDir);
                io.productionmanager.files.AtomicFiles.write(memo, folder + "\n" + facts);
            } catch (IOException | RuntimeException e) {
                // asked again next time
            }
        }
        return folder;
    }

    private static final Path OS_RELEASE = Path.of("/etc/os-release");

    private static String driverVersion() throws IOException {
        try (InputStream in = SqliteNative.class.getResourceAsStream("/META-INF/maven/org.xerial/sqlite-jdbc/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }
}
