package io.thingstead.defender.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.function.Supplier;

/** Runs work in a JTA transaction from code that is not a transactional bean method (scheduled tasks, self-calls). */
@ApplicationScoped
public class Tx {
    @Transactional
    public <T> T call(Supplier<T> work) {
        return work.get();
    }

    @Transactional
    public void run(Runnable work) {
        work.run();
    }
}
