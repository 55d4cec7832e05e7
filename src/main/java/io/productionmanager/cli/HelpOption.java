package io.productionmanager.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for subcommands (they leave {@code --version} free for their own use). */
public class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
