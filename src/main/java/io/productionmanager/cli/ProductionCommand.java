package io.productionmanager.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every command about one initialized production shares: the global options, help and the NAME argument. */
abstract class ProductionCommand implements Callable<Integer> {

    @ParentCommand
    ProductionManagerCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "NAME", description = "Production name.")
    String production;
}
