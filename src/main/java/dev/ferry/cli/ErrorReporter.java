package dev.ferry.cli;

import dev.ferry.config.ConfigException;
import dev.ferry.core.Printable;
import picocli.CommandLine;

/** Prints failures as one escaped line naming what went wrong; a stack trace only with FERRY_DEBUG set. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (System.getenv("FERRY_DEBUG") != null) e.printStackTrace(cl.getErr());
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cl.getErr().println(cl.getCommandSpec().qualifiedName(" ") + ": " + Printable.text(message));
        cl.getErr().flush();
        return e instanceof ConfigException || e instanceof IllegalArgumentException ? 2 : 1;
    }
}
