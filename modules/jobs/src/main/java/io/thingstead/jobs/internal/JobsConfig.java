package io.thingstead.jobs.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The {@link JobsSettings} of this deployment, read once. The download port follows WildFly's socket binding offset
 * ({@code jboss.socket.binding.port-offset}), as every other listener does.
 */
@ApplicationScoped
public class JobsConfig {
    private JobsSettings settings;

    @PostConstruct
    void init() {
        Config config = ConfigProvider.getConfig();
        int offset = config.getOptionalValue("jboss.socket.binding.port-offset", Integer.class)
                .orElse(0);
        settings = JobsSettings.from(name -> config.getOptionalValue(name, String.class), offset);
    }

    JobsSettings settings() {
        return settings;
    }

    /** For tests of beans that read settings. */
    static JobsConfig of(JobsSettings settings) {
        JobsConfig config = new JobsConfig();
        config.settings = settings;
        return config;
    }
}
