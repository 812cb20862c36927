package dev.ferry.testing;

import dev.ferry.cli.FerryCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs {@code ferry ARGS} in this JVM as the launcher would, capturing exit code, stdout and stderr. */
public record CliRun(int exit, String out, String err) {

    public static synchronized CliRun ferry(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picoErr = new StringWriter();
        StringWriter picoOut = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            picocli.CommandLine cl = FerryCommand.commandLine();
            cl.setErr(new PrintWriter(picoErr, true));
            cl.setOut(new PrintWriter(picoOut, true));
            int exit = cl.execute(args);
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8) + picoOut,
                    err.toString(StandardCharsets.UTF_8) + picoErr);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    /** Both streams, for messages in assertion failures. */
    public String both() {
        return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
