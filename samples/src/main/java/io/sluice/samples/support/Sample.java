package io.sluice.samples.support;

import java.io.PrintStream;
import javax.naming.Context;

/** One sample application: everything it needs comes from JNDI, everything it does is printed. */
@FunctionalInterface
public interface Sample {
    /**
     * Runs the sample to its end.
     *
     * @param jndi where the sample looks up its connection factory and destinations
     * @param out where it narrates what happens
     */
    void run(Context jndi, PrintStream out) throws Exception;
}
