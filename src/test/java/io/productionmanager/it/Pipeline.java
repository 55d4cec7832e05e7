package io.productionmanager.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.productionmanager.production.Executors;
import io.productionmanager.app.PmApplication;
import io.productionmanager.production.Production;
import io.productionmanager.production.Workspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.init.InitResult;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.submit.SubmitResult;

/**
 * A throw-away installation for end-to-end tests: a config folder (the project's machine defaults and
 * template, productions written by the test), a state folder, and the real Camel application driven
 * through its {@code direct:} routes. Job commands run the classes under test through a launcher jar.
 */
final class Pipeline implements AutoCloseable {

    private final Path root;
    private final Path configDir;
    private final Path stateDir;
    private final Path baseDir;
    private final Path launcherJar;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private PmApplication app;

    private Pipeline(Path root) throws IOException {
        this.root = root;
        this.configDir = root.resolve("config");
        this.stateDir = root.resolve("state");
        this.baseDir = root.resolve("productions");
        Path project = Path.of(System.getProperty("pm.project.dir", ".")).toAbsolutePath().normalize();
        copyTree(project.resolve("config/defaults"), configDir.resolve("defaults"));
        copyTree(project.resolve("config/templates"), configDir.resolve("templates"));
        Files.createDirectories(configDir.resolve("productions"));
        Files.createDirectories(stateDir);
        Files.createDirectories(baseDir);
        this.launcherJar = TestClasspath.launcherJar(root);
    }

    /** A fresh installation under {@code root} (a folder SLURM jobs can write), with the application started. */
    static Pipeline start(Path root) throws IOException {
        return start(root, Map.of());
    }

    /** As {@link #start(Path)}, with extra application properties (e.g. {@code pm.slurm.squeue}). */
    static Pipeline start(Path root, Map<String, String> extra) throws IOException {
        Pipeline p = new Pipeline(root);
        p.extra.putAll(extra);
        p.app = PmApplication.start(p.properties());
        return p;
    }

    /** The property overrides the application runs with (CLI mode, jar = the launcher jar). */
    Map<String, String> properties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("pm.config-dir", configDir.toString());
        props.put("pm.state-dir", stateDir.toString());
        props.put("pm.machine", "local");
        props.put("pm.daemon", "false");
        props.put("pm.app-jar", launcherJar.toString());
        props.put("camel.management.enabled", "false");
        props.put("camel.main.jmx-enabled", "false");
        props.put("camel.metrics.enabled", "false");
        props.put("camel.health.enabled", "false");
        props.putAll(extra);
        return props;
    }

    /** Stops and starts the application again, as a new command invocation would (caches dropped). */
    void restart() {
        app.close();
        app = PmApplication.start(properties());
    }

    /** The stage route, for tests that need the scripts before submitting. */
    io.productionmanager.stage.StageResult stage(String name) {
        return app.request("direct:stage", name, io.productionmanager.stage.StageResult.class);
    }

    /** Exit code and output of a command line run in a child JVM. */
    record ChildRun(int exitCode, String out, String err) {
    }

    /**
     * Runs {@code production-manager --config-dir <config> args...} in a child JVM on the test class path,
     * with the given {@code -D} system properties; waits at most two minutes.
     */
    ChildRun runChild(Map<String, String> systemProperties, String... args) throws IOException, InterruptedException {
        return runChild("io.productionmanager.cli.Main", systemProperties, args);
    }

    /** Like {@link #runChild(Map, String...)} with another main class, e.g. one that sets a test seam first. */
    ChildRun runChild(String mainClass, Map<String, String> systemProperties, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(TestClasspath.java().toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", launcherJar.toString(), "-Dpm.state-dir=" + stateDir,
                "-Dpm.app-jar=" + launcherJar));
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add(mainClass);
        cmd.add("--config-dir");
        cmd.add(configDir.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(root, "child", ".out");
        Path err = Files.createTempFile(root, "child", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("child JVM did not end within 120 s: " + cmd + "\n" + Files.readString(err));
        }
        return new ChildRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    Path root() {
        return root;
    }

    Path configDir() {
        return configDir;
    }

    Path stateDir() {
        return stateDir;
    }

    Path baseDir() {
        return baseDir;
    }

    Path launcherJar() {
        return launcherJar;
    }

    PmApplication app() {
        return app;
    }

    /** Writes {@code config/productions/<name>.yaml}. */
    Path write(ProductionYaml production) {
        Path file = configDir.resolve("productions").resolve(production.name() + ".yaml");
        try {
            Files.writeString(file, production.toYaml(baseDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** INIT without git (the temporary config folder is no repository). */
    InitResult init(String name) {
        return app.request("direct:init", new InitRequest(name, null, false, true), InitResult.class);
    }

    /** SUBMIT as a user's {@code submit} does: the intent recorded (the daemon may submit retries), then the route. */
    SubmitResult submit(String name) {
        app.bean("submitService", io.productionmanager.submit.SubmitService.class).release(name);
        return app.request("direct:submit", name, SubmitResult.class);
    }

    /** The submit route alone, as the daemon and the watcher send to it (no intent recorded). */
    SubmitResult routeSubmit(String name) {
        return app.request("direct:submit", name, SubmitResult.class);
    }

    /** One poll cycle of the daemon (poll, due retries staged, submit) for every active production. */
    void pollCycle() {
        app.request("direct:poll-cycle", "", Object.class);
    }

    /** Runs poll cycles until {@code done} holds, at most {@code timeout}. */
    void pollUntil(Duration timeout, Callable<Boolean> done) {
        await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(700)).until(() -> {
            pollCycle();
            return done.call();
        });
    }

    Production open(String name) {
        return app.bean("workspace", Workspace.class).open(name);
    }

    Executors executors() {
        return app.bean("executors", Executors.class);
    }

    List<Job> jobs(String name) {
        return open(name).store().jobs();
    }

    /** True when every job of the production is in one of the given states. */
    boolean all(String name, JobState... states) {
        List<JobState> wanted = List.of(states);
        return jobs(name).stream().allMatch(j -> wanted.contains(j.state()));
    }

    /** Every marker and log file of the production's tasks, for failure messages. */
    String taskLogs(String name) {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(open(name).dir().resolve("logs"))) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String n = f.getFileName().toString();
                if (!n.endsWith(".sh") && !n.endsWith(".tasks")) {
                    out.append("== ").append(n).append(" (").append(Files.getLastModifiedTime(f)).append(")\n")
                            .append(Files.readString(f)).append('\n');
                }
            }
        } catch (IOException e) {
            out.append("(cannot list logs: ").append(e).append(')');
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
    }

    /** Copies a folder tree. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
