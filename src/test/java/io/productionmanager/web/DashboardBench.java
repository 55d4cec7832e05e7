package io.productionmanager.web;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import io.productionmanager.production.Production;
import io.productionmanager.app.TestWorkspace;
import io.productionmanager.production.Workspace;
import io.productionmanager.init.InitRequest;
import io.productionmanager.store.Job;
import io.productionmanager.store.JobState;
import io.productionmanager.testsupport.ChromiumTestSupport;
import io.productionmanager.testsupport.MutableClock;

/**
 * Benchmark (not a test): the dashboard at REALIZATIONS x 20 jobs (2,000 x 20 = 40,000 by default). Initializes a
 * production, moves it through six simulated hours in its store (no scheduler), starts the daemon as {@code run}
 * does, and measures the JSON API (size, time) and the production page in headless Chromium (first render,
 * drawing time, page weight, how far behind the store it is); saves a screenshot. Prints Markdown.
 *
 * <p>Usage: {@code DashboardBench WORK_DIR SCREENSHOT.png [REALIZATIONS]} (see bench/dashboard.sh).
 */
public final class DashboardBench {

    private static final String NAME = "dash40k";

    private DashboardBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: DashboardBench WORK_DIR SCREENSHOT.png [REALIZATIONS]");
        }
        Path work = Files.createDirectories(Path.of(args[0]));
        Path png = Path.of(args[1]);
        int realizations = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        double[] z = new double[20];
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.round(i * 0.2 * 10) / 10.0;
        }

        TestWorkspace project = TestWorkspace.withoutGit(work);
        project.writeProduction(NAME, realizations, z);
        Instant now = Clock.systemUTC().instant();
        // the simulation advances 37 times 10 minutes from here: its last change is a minute before the daemon starts
        MutableClock clock = new MutableClock(now.minus(Duration.ofMinutes(371)));
        long t0 = System.nanoTime();
        int jobs;
        try (Workspace ws = project.workspace(clock)) {
            project.initService(ws, clock, s -> { }).init(new InitRequest(NAME, null, false, true));
            Production p = ws.open(NAME);
            jobs = (int) p.store().total();
            simulateSixHours(p, clock);
        }
        System.out.printf("setup: %,d jobs initialized and moved through the store in %.1f s%n%n", jobs,
                (System.nanoTime() - t0) / 1e9);

        try (DashboardDaemon daemon = DashboardDaemon.start(project.configDir, work.resolve("state"),
                DashboardDaemon.NEVER, "127.0.0.1", HttpAccess.loopback(), Map.of())) {
            api(daemon);
            page(daemon, work, png, project);
        }
    }

    /**
     * Everything submitted six hours ago in arrays of 1,000; every ten minutes one chunk starts and the previous one
     * finishes, about 1.5 % of them failing with one of four reasons; the last chunk is still running.
     */
    private static void simulateSixHours(Production p, MutableClock clock) {
        ScriptedProduction s = new ScriptedProduction(p).submitAll(1000);
        List<Job> all = p.store().jobs();
        int steps = 36;
        int chunk = (int) Math.round(all.size() * 0.575 / steps);
        String[] reasons = {"exit 3: payload refused the input", "TIMEOUT: walltime 00:30:00 reached",
                "OUT_OF_MEMORY: 1.0 GB exceeded", "INVALID_OUTPUT: catalog has no dataset 'magnitude'"};
        List<String> running = List.of();
        for (int step = 0; step <= steps; step++) {
            clock.advance(Duration.ofMinutes(10));
            if (!running.isEmpty()) {
                List<String> done = new ArrayList<>();
                List<List<String>> failed = new ArrayList<>();
                for (int r = 0; r < reasons.length; r++) {
                    failed.add(new ArrayList<>());
                }
                for (String id : running) {
                    if (Math.floorMod(id.hashCode() * 31 + 7, 67) == 0) {
                        failed.get(Math.floorMod(id.hashCode(), reasons.length)).add(id);
                    } else {
                        done.add(id);
                    }
                }
                for (int r = 0; r < reasons.length; r++) {
                    s.fail(failed.get(r), reasons[r], 3, clock.instant());
                    for (String id : failed.get(r)) {
                        s.writeLog(id, "err", "payload: " + id + " failed\n");
                    }
                }
                s.complete(done, clock.instant());
            }
            if (step < steps) {
                int from = step * chunk;
                running = all.subList(from, Math.min(all.size(), from + chunk)).stream().map(Job::id).toList();
                s.run(running, clock.instant());
            }
        }
        running = all.subList(steps * chunk, Math.min(all.size(), steps * chunk + 1000)).stream().map(Job::id).toList();
        s.run(running, clock.instant());
    }

    private static void api(DashboardDaemon daemon) {
        String base = "/api/productions/" + NAME;
        System.out.println("| API resource | bytes | first call ms | median of 5 later calls ms |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (String path : List.of("/api/productions", base, base + "/grid", base + "/timeline",
                base + "/jobs?state=FAILED&limit=100", base + "/jobs?limit=10000",
                base + "/jobs?realization=1500&redshift=2.0")) {
            long start = System.nanoTime();
            HttpResponse<String> first = daemon.get(path);
            double firstMs = (System.nanoTime() - start) / 1e6;
            if (first.statusCode() != 200) {
                throw new IllegalStateException(path + ": " + first.statusCode() + " " + first.body());
            }
            double[] later = new double[5];
            for (int i = 0; i < later.length; i++) {
                long t = System.nanoTime();
                daemon.get(path);
                later[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(later);
            System.out.printf(Locale.ROOT, "| `%s` | %,d | %.0f | %.1f |%n", path,
                    first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, firstMs, later[2]);
        }
        System.out.println();
    }

    private static void page(DashboardDaemon daemon, Path work, Path png, TestWorkspace project) throws Exception {
        ChromeDriver browser = ChromiumTestSupport.newDriver(work.resolve("profile"), 1400, 1000);
        try {
            JavascriptExecutor js = browser;
            System.out.println("| production page load | first grid paint ms (from navigation start) | DOMContentLoaded ms "
                    + "| grid drawing ms | JS heap MB | resources (bytes over the wire) |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | --- |");
            for (int run = 1; run <= 3; run++) {
                browser.get(daemon.url("/productions/" + NAME));
                waitFor(browser, "return performance.getEntriesByName('pm-grid-drawn').length > 0;", 60);
                Number paint = (Number) js.executeScript("return performance.getEntriesByName('pm-grid-drawn')[0].startTime;");
                Number dcl = (Number) js.executeScript("return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;");
                Number draw = (Number) js.executeScript("return pmDashboard.drawMs();");
                Number heap = (Number) js.executeScript("return performance.memory ? performance.memory.usedJSHeapSize : 0;");
                @SuppressWarnings("unchecked")
                List<List<Object>> res = (List<List<Object>>) js.executeScript("return [performance.getEntriesByType('navigation')[0]]"
                        + ".concat(performance.getEntriesByType('resource')).map(function (e) { return [e.name.replace(location.origin, ''), e.transferSize]; });");
                StringBuilder r = new StringBuilder();
                for (List<Object> e : res) {
                    r.append(r.length() == 0 ? "" : ", ").append(e.get(0)).append(' ').append(e.get(1));
                }
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.1f | %.1f | %s |%n", run == 1 ? "1 (cold)" : String.valueOf(run),
                        paint.doubleValue(), dcl.doubleValue(), draw.doubleValue(), heap.doubleValue() / 1e6, r);
            }
            System.out.println();

            // how far behind the store: up to 500 running jobs complete now; when does the page show them?
            String states = (String) js.executeScript("return pmDashboard.grid().states;");
            long completedBefore = states.chars().filter(c -> c == 'C').count();
            try (Workspace ws = project.workspace(Clock.systemUTC())) {
                Production p = ws.open(NAME);
                List<String> ids = p.store().jobs(JobState.RUNNING).stream().limit(500).map(Job::id).toList();
                long stored = System.nanoTime();
                new ScriptedProduction(p).complete(ids, Clock.systemUTC().instant());
                long storedAt = System.nanoTime();
                waitFor(browser, "return pmDashboard.grid().states.split('C').length - 1 >= " + (completedBefore + ids.size()) + ";", 30);
                System.out.printf(Locale.ROOT, "%d jobs completed in the store (%.0f ms to write); the page showed them %.2f s "
                        + "after the write (it polls every 2 s); drawing then took %.1f ms%n%n", ids.size(), (storedAt - stored) / 1e6,
                        (System.nanoTime() - storedAt) / 1e9, ((Number) js.executeScript("return pmDashboard.drawMs();")).doubleValue());
            }

            browser.get(daemon.url("/"));
            waitFor(browser, "return document.querySelectorAll('#productions tbody tr').length > 0;", 30);
            Number listPaint = (Number) js.executeScript("return performance.now();");
            System.out.printf(Locale.ROOT, "productions list: its row shown by %.0f ms after navigation start%n%n", listPaint.doubleValue());

            // the screenshot: the page, a failed cell hovered
            browser.manage().window().setSize(new Dimension(1400, 2150));
            browser.get(daemon.url("/productions/" + NAME));
            waitFor(browser, "return performance.getEntriesByName('pm-grid-drawn').length > 0;", 60);
            waitFor(browser, "return document.querySelector('#timelinerange').textContent.length > 0;", 30);
            String failedIndex = String.valueOf(js.executeScript("return pmDashboard.grid().states.indexOf('F');"));
            int k = Integer.parseInt(failedIndex);
            int nZ = ((Number) js.executeScript("return pmDashboard.grid().redshifts.length;")).intValue();
            @SuppressWarnings("unchecked")
            Map<String, Number> centre = (Map<String, Number>) js.executeScript("return pmDashboard.cellCentre(arguments[0], arguments[1]);",
                    k / nZ, k % nZ);
            WebElement canvas = browser.findElement(By.id("grid"));
            int dx = (int) Math.round(centre.get("x").doubleValue() - canvas.getRect().getWidth() / 2.0);
            int dy = (int) Math.round(centre.get("y").doubleValue() - canvas.getRect().getHeight() / 2.0);
            new Actions(browser).moveToElement(canvas, dx, dy).click().perform();
            waitFor(browser, "return document.getElementById('tip').textContent.indexOf('reason') >= 0"
                    + " && !document.getElementById('detail').hidden;", 10);
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), png, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("screenshot: " + png);

            List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
            System.out.println("browser console entries: " + console.size() + (console.isEmpty() ? "" : " " + console));
        } finally {
            browser.quit();
        }
    }

    private static void waitFor(ChromeDriver browser, String condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!Boolean.TRUE.equals(browser.executeScript(condition))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + seconds + " s: " + condition);
            }
            Thread.sleep(20);
        }
    }
}
