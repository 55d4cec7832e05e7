package io.productionmanager.cli;

import picocli.CommandLine;

/** Entry point of the production-manager command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // status, list and validate in their everyday forms need no picocli model
        QuickCommands.Run quick = QuickCommands.parse(args);
        if (quick != null) {
            System.exit(quick.run(QuickCommands.out(), QuickCommands.err()));
        }
        String only = ProductionManagerCommand.onlySubcommand(args);
        StartWarmup warmup = StartWarmup.begin(only);
        CommandLine cl = ProductionManagerCommand.commandLine(System::getenv, only);
        warmup.await();
        System.exit(cl.execute(args));
    }
}
