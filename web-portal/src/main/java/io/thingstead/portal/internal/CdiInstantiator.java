package io.thingstead.portal.internal;

import com.vaadin.flow.di.DefaultInstantiator;
import com.vaadin.flow.server.VaadinService;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Set;

/**
 * Creates a class through CDI when it is a bean (a view annotated {@code @Dependent}, a service), and the Vaadin way
 * otherwise. Views must be {@code @Dependent}: Vaadin owns their life cycle.
 */
class CdiInstantiator extends DefaultInstantiator {
    private static final long serialVersionUID = 1L;

    CdiInstantiator(VaadinService service) {
        super(service);
    }

    @Override
    public <T> T getOrCreate(Class<T> type) {
        BeanManager beans = CDI.current().getBeanManager();
        Set<Bean<?>> candidates = beans.getBeans(type);
        if (candidates.isEmpty()) {
            return super.getOrCreate(type);
        }
        Bean<?> bean = beans.resolve(candidates);
        return type.cast(beans.getReference(bean, type, beans.createCreationalContext(bean)));
    }
}
