package io.productionmanager.cli;

/** Entry point of the production-manager command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // status, list and validate in their everyday forms need no picocli model
        QuickCommands.Run quick = QuickCommands.parse(args);
        if (quick != null) {
            if (quick.readsDatabase()) {
                io.productionmanager.store.SqliteNative.setUpAhead();
            }
            System.exit(quick.run(QuickCommands.out(), QuickCommands.err()));
        }
        System.exit(ProductionManagerCommand.commandLine(args).execute(args));
    }
}
