package io.thingstead.portal.components;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.paging.Page;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A grid over a keyset-paged listing of the platform (a {@link Page} and its next token, as every AWS list operation
 * pages): Previous and Next walk the tokens, so a page costs one indexed query however long the list is.
 */
public class PagedGrid<T> extends VerticalLayout {
    private static final long serialVersionUID = 1L;

    /** Fetches one page. */
    @FunctionalInterface
    public interface Fetch<T> extends Serializable {
        Page<T> page(Optional<String> token, int pageSize);
    }

    private final Grid<T> grid = new Grid<>();
    private final Button previous = new Button("Previous");
    private final Button next = new Button("Next");
    private final Span info = new Span();
    private final Span took = new Span();
    private final Paragraph error = new Paragraph();
    private final List<Optional<String>> tokens = new ArrayList<>();
    private Fetch<T> fetch;
    private int pageSize;
    private int page;
    private Optional<String> nextToken = Optional.empty();

    public PagedGrid(String id, int pageSize, Fetch<T> fetch) {
        this.fetch = fetch;
        this.pageSize = pageSize;
        setPadding(false);
        grid.setId(id);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        previous.setId(id + "-previous");
        previous.addClickListener(event -> show(page - 1));
        next.setId(id + "-next");
        next.addClickListener(event -> show(page + 1));
        info.setId(id + "-page");
        took.setId(id + "-took");
        took.getStyle().set("color", "var(--lumo-secondary-text-color)");
        error.setId(id + "-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        HorizontalLayout pager = new HorizontalLayout(previous, info, next, took);
        pager.setAlignItems(FlexComponent.Alignment.CENTER);
        add(error, grid, pager);
    }

    public Grid<T> grid() {
        return grid;
    }

    /** A new listing (or page size): back to the first page. */
    public void reset(Fetch<T> newFetch, int newPageSize) {
        this.fetch = newFetch;
        this.pageSize = newPageSize;
        show(0);
    }

    /** The first page again. */
    public void reload() {
        show(0);
    }

    /** The page shown, fetched again. */
    public void refresh() {
        show(page);
    }

    /** @return whether the page could be fetched */
    boolean show(int target) {
        if (target == 0) {
            tokens.clear();
            tokens.add(Optional.empty());
        } else if (target == tokens.size()) {
            if (nextToken.isEmpty()) {
                return false;
            }
            tokens.add(nextToken);
        }
        if (target < 0 || target >= tokens.size()) {
            return false;
        }
        long started = System.nanoTime();
        Page<T> result;
        try {
            result = fetch.page(tokens.get(target), pageSize);
        } catch (IotException e) {
            error.setText(e.getMessage());
            grid.setItems(List.of());
            info.setText("");
            took.setText("");
            previous.setEnabled(false);
            next.setEnabled(false);
            return false;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        error.setText("");
        page = target;
        nextToken = result.nextToken();
        grid.setItems(result.items());
        info.setText(
                "Page " + (page + 1) + " · " + result.items().size() + (nextToken.isPresent() ? "" : " · last page"));
        took.setText("in " + millis + " ms");
        previous.setEnabled(page > 0);
        next.setEnabled(nextToken.isPresent());
        return true;
    }
}
