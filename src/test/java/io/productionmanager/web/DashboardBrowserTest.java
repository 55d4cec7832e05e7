package io.productionmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.productionmanager.app.TestWorkspace;
import io.productionmanager.cli.ProductionManagerCommand;
import io.productionmanager.mock.CatalogWriter;
import io.productionmanager.mock.MockCatalog;
import io.productionmanager.store.JobState;
import io.productionmanager.testsupport.ChromiumTestSupport;
import picocli.CommandLine;

/**
 * The dashboard in a real headless Chromium, against the daemon ({@code run}'s own start-up, poller on every
 * second) running a production of bash jobs on the local executor: the grid paints every job, its cells turn
 * green as jobs complete without a reload, the failed job's cell shows its reason and a log link, the counts
 * are those of {@code status --json}, and the browser console holds no error.
 */
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The state colours of the page (docs/dashboard.md). */
    private static final Map<String, String> COLOURS = Map.of("PENDING", "#c4c9d0", "QUEUED", "#8ab4f8",
            "RUNNING", "#f9ab00", "COMPLETED", "#1e8e3e", "FAILED", "#d93025", "CANCELLED", "#5f6368");
    private static final String NAME = "live";
    private static final int REALIZATIONS = 4;
    private static final double[] REDSHIFTS = {0.5, 1.0, 1.5};

    @TempDir
    Path tmp;

    private TestWorkspace project;
    private DashboardDaemon daemon;
    private ChromeDriver browser;
    private Path gate;

    @BeforeEach
    void startTheDaemonWithAProductionOfBashJobs() throws Exception {
        ChromiumTestSupport.requireChromium();
        project = TestWorkspace.inGitRepo(tmp);
        Path catalog = tmp.resolve("catalog.hdf5");
        CatalogWriter.write(MockCatalog.draw(0, 0.5, 1L, 50), catalog);
        gate = tmp.resolve("gate");
        Path payload = Path.of(getClass().getResource("/dashboard/payload.sh").toURI());
        daemon = DashboardDaemon.start(project.configDir, tmp.resolve("state"), "0/1 * * * * ?", "127.0.0.1",
                HttpAccess.loopback(), Map.of("watch.delay-ms", "200", "watch.read-lock-min-age-ms", "200"));
        // dropped into config/productions while the daemon runs: init, stage, submit (auto_submit)
        project.write("config/productions/" + NAME + ".yaml", """
                production:
                  name: %s
                  version: v1.0
                science:
                  redshifts: [0.5, 1.0, 1.5]
                  realizations: {start: 0, count: %d}
                execution:
                  executor: local
                  batch_size: 6
                  local_parallelism: 4
                  auto_submit: true
                  command: "bash %s {realization} {redshift} {output} %s %s"
                  retry_policy:
                    max_retries: 0
                    no_retry_exit_codes: [3]
                outputs:
                  base_path: "%s"
                """.formatted(NAME, REALIZATIONS, payload, gate, catalog, project.basePath()));
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gate != null && !Files.exists(gate)) {
            // let any task still waiting finish at once
            Files.createFile(gate);
        }
        if (daemon != null) {
            daemon.close();
        }
        if (project != null) {
            project.close();
        }
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> r = daemon.get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** The state of each cell as the page holds it, realization-major, or null before the first grid. */
    private String pageStates() {
        return (String) js("return window.pmDashboard && pmDashboard.grid() ? pmDashboard.grid().states : null;");
    }

    /** The colour painted at each cell, read back from the canvas pixels. */
    private List<String> paintedColours() {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < REALIZATIONS; r++) {
            for (int z = 0; z < REDSHIFTS.length; z++) {
                out.add((String) js("return pmDashboard.colourAt(arguments[0], arguments[1]);", r, z));
            }
        }
        return out;
    }

    private static List<String> coloursOf(String states) {
        Map<Character, String> byCode = Map.of('P', "PENDING", 'Q', "QUEUED", 'R', "RUNNING", 'C', "COMPLETED",
                'F', "FAILED", 'X', "CANCELLED");
        return states.chars().mapToObj(c -> COLOURS.get(byCode.get((char) c))).toList();
    }

    private JsonNode statusJson(String... extra) throws Exception {
        CommandLine cl = ProductionManagerCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        List<String> args = new ArrayList<>(List.of("--config-dir", project.configDir.toString(), "--machine", "local",
                "status", NAME, "--json"));
        args.addAll(List.of(extra));
        assertThat(cl.execute(args.toArray(String[]::new))).as(out.toString()).isZero();
        return JSON.readTree(out.toString());
    }

    @Test
    void the_grid_follows_the_jobs_live_and_shows_the_failed_jobs_reason() throws Exception {
        // every job submitted, none finished: they wait for the gate
        Awaitility.await("all jobs submitted").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> r = daemon.get("/api/productions/" + NAME);
                    if (r.statusCode() != 200) {
                        return false;
                    }
                    JsonNode c = JSON.readTree(r.body()).get("counts");
                    return c.get("PENDING").asLong() == 0 && c.get("QUEUED").asLong() + c.get("RUNNING").asLong() == 12;
                });

        browser = ChromiumTestSupport.newDriver(tmp.resolve("profile"), 1280, 900);
        browser.get(daemon.url("/productions/" + NAME));
        Awaitility.await("the grid drawn").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> pageStates() != null);

        // every job is a cell, painted in the colour of its state; nothing is finished yet
        String before = pageStates();
        assertThat(before).hasSize(REALIZATIONS * REDSHIFTS.length).matches("[QR]+");
        assertThat(paintedColours()).isEqualTo(coloursOf(before));
        assertThat(paintedColours()).doesNotContain(COLOURS.get("COMPLETED"), COLOURS.get("FAILED"));
        js("window.loadedOnce = 'this document';");

        Files.createFile(gate);

        // the jobs finish; the page follows by itself, within a few seconds of the store
        List<String> expected = new ArrayList<>(java.util.Collections.nCopies(12, COLOURS.get("COMPLETED")));
        int failedCell = 1 * REDSHIFTS.length + 1;
        expected.set(failedCell, COLOURS.get("FAILED"));
        List<List<String>> seen = new ArrayList<>();
        Awaitility.await("every cell green but the failed one").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    List<String> now = paintedColours();
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                        seen.add(now);
                    }
                    return now.equals(expected);
                });
        assertThat(js("return window.loadedOnce;")).as("the page was not reloaded").isEqualTo("this document");
        assertThat(seen.get(0)).doesNotContain(COLOURS.get("COMPLETED"));
        assertThat(pageStates()).isEqualTo(api("/api/productions/" + NAME + "/grid").get("states").asText());

        // the failed cell, hovered, shows the job, its attempt and its reason
        JsonNode failed = statusJson("--verbose").get("failed").get(0);
        assertThat(failed.get("id").asText()).isEqualTo("r0001_z1.000");
        String reason = failed.get("reason").asText();
        assertThat(reason).contains("3");
        WebElement canvas = browser.findElement(By.id("grid"));
        @SuppressWarnings("unchecked")
        Map<String, Number> centre = (Map<String, Number>) js("return pmDashboard.cellCentre(1, 1);");
        int dx = (int) Math.round(centre.get("x").doubleValue() - canvas.getRect().getWidth() / 2.0);
        int dy = (int) Math.round(centre.get("y").doubleValue() - canvas.getRect().getHeight() / 2.0);
        new Actions(browser).moveToElement(canvas, dx, dy).perform();
        WebElement tip = browser.findElement(By.id("tip"));
        Awaitility.await("the tooltip with the reason").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> tip.isDisplayed() && tip.getText().contains("reason: " + reason));
        assertThat(tip.getText()).contains("r0001_z1.000").contains("FAILED").contains("attempt 1");

        // clicked, it stays below with a link to its latest log, served read-only by the daemon
        new Actions(browser).moveToElement(canvas, dx, dy).click().perform();
        WebElement detail = browser.findElement(By.id("detail"));
        Awaitility.await("the job's details").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> detail.isDisplayed() && !detail.findElements(By.className("log-stderr")).isEmpty());
        assertThat(detail.getText()).contains("r0001_z1.000").contains(reason);
        String href = detail.findElement(By.className("log-stderr")).getAttribute("href");
        HttpResponse<String> log = daemon.get(href.substring(daemon.url("").length()));
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).contains("payload: refusing realization 1 at z=1.0");

        // the counts on the page are those of status --json
        JsonNode status = statusJson();
        List<String> expectedCounts = new ArrayList<>();
        for (JobState s : JobState.values()) {
            expectedCounts.add(String.valueOf(status.get("counts").get(s.name()).asLong()));
        }
        Awaitility.await("the counts of status --json").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> js("return PM.STATES.map(function (s) { return document.getElementById('count-' + s).textContent; });"),
                        shown -> shown.equals(expectedCounts));
        assertThat(status.get("counts").get("FAILED").asLong()).isEqualTo(1);

        // the list of productions links to it
        browser.get(daemon.url("/"));
        Awaitility.await("the productions list").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> !browser.findElements(By.cssSelector("tr[data-name='" + NAME + "'] a")).isEmpty());
        WebElement row = browser.findElement(By.cssSelector("tr[data-name='" + NAME + "']"));
        assertThat(row.getText()).contains("submit").contains("local").contains("91.7%");
        assertThat(row.findElement(By.tagName("a")).getAttribute("href")).endsWith("/productions/" + NAME);

        List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(console).as("browser console: %s", console)
                .noneMatch(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue());
    }
}
