package io.productionmanager.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code completion}: the bash/zsh completion script, generated from the command line definition itself. */
@Command(name = "completion",
        header = "Print a bash/zsh completion script for every command and option.",
        footer = {"", "bash:  source <(production-manager completion)   in ~/.bashrc (or save it in /etc/bash_completion.d/)",
                "zsh:   source <(production-manager completion zsh)   in ~/.zshrc",
                "It completes `production-manager` on the PATH and `bin/production-manager` in a checkout."})
public class CompletionCommand implements Callable<Integer> {

    /** The command the script completes. */
    static final String NAME = "production-manager";

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash",
            description = "bash or zsh (the same script serves both). Default: ${DEFAULT-VALUE}.")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            spec.commandLine().getErr().println("completion: unknown shell '" + shell + "'; expected bash or zsh");
            return ExitCodes.INVALID_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(NAME, spec.root().commandLine()));
        // the wrapper script in a checkout is typed with its folder; bash matches the command word as typed
        out.println("complete -F _complete_" + NAME + " -o default bin/" + NAME + " ./bin/" + NAME);
        out.flush();
        return ExitCodes.OK;
    }
}
