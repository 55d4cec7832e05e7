package io.productionmanager.qa;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times {@link ReportWriter#write} for 40,000 jobs and about 200,000 events; run from the command line with the test
 * classpath, optional argument: output folder (default: a new temporary folder, kept for inspection).
 */
public final class LargeReportBenchmark {

    private LargeReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("report-benchmark");
        ReportInput in = SyntheticProduction.build(dir.resolve("omega"), 2_000, 20);
        ReportWriter writer = new ReportWriter();
        System.out.printf("jobs=%d events=%d%n", in.jobs().size(), in.events().size());
        // CPU time of this thread as well as wall time, since the machine may be shared with other work
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int run = 1; run <= 5; run++) {
            long start = System.nanoTime();
            long startCpu = cpu.getCurrentThreadCpuTime();
            StateTimeline.build(in.events(), in.jobs().size());
            long timeline = System.nanoTime();
            long timelineCpu = cpu.getCurrentThreadCpuTime();
            ReportFiles files = writer.write(in);
            long end = System.nanoTime();
            long endCpu = cpu.getCurrentThreadCpuTime();
            System.out.printf("run %d: timeline %.0f ms (cpu %.0f ms), full report %.0f ms (cpu %.0f ms) -> %s%n", run,
                    (timeline - start) / 1e6, (timelineCpu - startCpu) / 1e6, (end - timeline) / 1e6,
                    (endCpu - timelineCpu) / 1e6, files.index());
        }
    }
}
