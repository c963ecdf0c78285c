package io.thingstead.portal.internal;

import com.vaadin.flow.component.UI;
import io.thingstead.common.api.paging.Page;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Long work started from a page (bulk changes over a search's results): it runs on the server's managed executor,
 * not in the request, and reports its progress to the page through server push as it goes. First it collects what
 * the listing holds (so the total is known), then works through it one item at a time; a failing item is counted and
 * the work goes on.
 */
@ApplicationScoped
public class BulkWork {
    private static final Logger LOG = Logger.getLogger(BulkWork.class);
    /** How often (items) progress is pushed to the page. */
    static final int REPORT_EVERY = 25;

    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    /** Progress: done and failed so far, and the total once known. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int failed, Optional<Integer> total);
    }

    /** The end. */
    @FunctionalInterface
    public interface Finished {
        void finished(int done, int failed);
    }

    public <T> void run(
            UI ui,
            String description,
            Function<Optional<String>, Page<T>> pages,
            Consumer<T> action,
            Progress progress,
            Finished finished) {
        executor.submit(() -> {
            List<T> items = new ArrayList<>();
            Optional<String> token = Optional.empty();
            do {
                Page<T> page = pages.apply(token);
                items.addAll(page.items());
                token = page.nextToken();
                int collected = items.size();
                ui.access(() -> progress.update(0, 0, Optional.empty()));
                LOG.debugf("%s: %d collected", description, collected);
            } while (token.isPresent());
            int total = items.size();
            int done = 0;
            int failed = 0;
            for (T item : items) {
                try {
                    action.accept(item);
                    done++;
                } catch (RuntimeException e) {
                    failed++;
                    LOG.debugf(e, "%s: an item failed", description);
                }
                if ((done + failed) % REPORT_EVERY == 0) {
                    int d = done;
                    int f = failed;
                    ui.access(() -> progress.update(d, f, Optional.of(total)));
                }
            }
            int d = done;
            int f = failed;
            LOG.infof("%s: %d done, %d failed", description, d, f);
            ui.access(() -> finished.finished(d, f));
            return null;
        });
    }
}
