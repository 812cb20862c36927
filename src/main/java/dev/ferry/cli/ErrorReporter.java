package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.config.ConfigException;
import dev.ferry.core.Printable;
import dev.ferry.core.Reasons;
import dev.ferry.core.JsonRefusal;
import picocli.CommandLine;

/**
 * Prints failures as one escaped sentence naming what went wrong, never a Java type name; a stack
 * trace only with FERRY_DEBUG set.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (System.getenv("FERRY_DEBUG") != null) e.printStackTrace(cl.getErr());
        String message = e instanceof JsonProcessingException j ? "unreadable JSON: " + JsonRefusal.reason(j) : Reasons.of(e);
        cl.getErr().println(cl.getCommandSpec().qualifiedName(" ") + ": " + Printable.text(message));
        cl.getErr().flush();
        return e instanceof ConfigException || e instanceof IllegalArgumentException ? 2 : 1;
    }
}
