package io.productionmanager.cli;

import picocli.CommandLine;

/** Entry point of the production-manager command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ProductionManagerCommand.commandLine(args).execute(args));
    }
}
