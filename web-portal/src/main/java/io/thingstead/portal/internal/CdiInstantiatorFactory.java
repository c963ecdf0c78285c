package io.thingstead.portal.internal;

import com.vaadin.flow.di.Instantiator;
import com.vaadin.flow.di.InstantiatorFactory;
import com.vaadin.flow.server.VaadinService;

/**
 * Lets Vaadin create views and components through CDI, so that they can {@code @Inject} platform services. Registered
 * in {@code META-INF/services}. (vaadin-cdi would do this, but no vaadin-cdi release for Vaadin 25 is on Maven Central;
 * see docs/adr/0004-portal.md.)
 */
public class CdiInstantiatorFactory implements InstantiatorFactory {
    @Override
    public Instantiator createInstantitor(VaadinService service) {
        return new CdiInstantiator(service);
    }
}
