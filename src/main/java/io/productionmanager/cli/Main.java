package io.productionmanager.cli;

/** Entry point of the production-manager command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // status, list and validate in their everyday forms need no picocli model
        QuickCommands.Run quick = QuickCommands.parse(args);
        if (quick != null) {
            // the SQLite driver set up on the other core meanwhile; status, which waits for it first thing,
            // prepares the number symbols it prints with in the meantime (validate uses no database)
            switch (quick.name()) {
                case "status" -> {
                    io.productionmanager.store.SqliteNative.setUpAhead();
                    JdkWarmUp.numbers();
                }
                case "list" -> io.productionmanager.store.SqliteNative.setUpAhead();
                default -> {
                    // nothing ahead
                }
            }
            int code = quick.run(QuickCommands.out(), QuickCommands.err());
            io.productionmanager.store.SqliteNative.awaitSetUpAhead();
            System.exit(code);
        }
        System.exit(ProductionManagerCommand.commandLine(args).execute(args));
    }
}
