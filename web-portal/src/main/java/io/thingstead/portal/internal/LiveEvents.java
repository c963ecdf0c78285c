package io.thingstead.portal.internal;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import io.thingstead.console.api.ThingActivity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;

/**
 * The platform's events about a thing for operators' live pages (server push): {@link ThingActivity}'s events, handed
 * to the page inside {@code UI.access}. (The events are observed in the console module, a library of the EAR: CDI
 * events the modules fire do not reach observers inside this WAR.)
 */
@ApplicationScoped
public class LiveEvents {
    @Inject
    ThingActivity activity;

    /** Calls {@code listener} in the component's UI, with its session locked, for every event of the thing. */
    public Registration listen(Component component, String thingName, Consumer<ThingActivity.Event> listener) {
        UI ui = component.getUI().orElseThrow(() -> new IllegalStateException("the component is not attached"));
        AutoCloseable handle = activity.listen(thingName, event -> ui.access(() -> listener.accept(event)));
        return () -> {
            try {
                handle.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The thing's connects and disconnects since the server started, newest first. */
    public List<ThingActivity.Connection> history(String thingName) {
        return activity.history(thingName);
    }
}
