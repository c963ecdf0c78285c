package io.thingstead.http.internal;

import io.thingstead.common.api.rest.IotExceptionMapper;
import io.thingstead.common.api.rest.UnexpectedExceptionMapper;
import io.thingstead.common.api.rest.WebApplicationExceptionMapper;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The AWS-compatible HTTP surface at the root of the server: the AWS IoT control plane ({@code /things},
 * {@code /thing-groups}, {@code /indices/search}...) and, later, the data plane ({@code /things/{name}/shadow},
 * {@code /topics/...}). Point the AWS SDK or CLI at {@code https://<host>:8443}.
 */
@ApplicationPath("/")
public class ControlPlaneApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                SigV4AuthenticationFilter.class,
                AuthorizationFilter.class,
                AuditFilter.class,
                IotExceptionMapper.class,
                WebApplicationExceptionMapper.class,
                UnexpectedExceptionMapper.class,
                ThingResource.class,
                ThingTypeResource.class,
                ThingGroupResource.class,
                PrincipalResource.class,
                PolicyResource.class,
                DefenderResource.class,
                ShadowResource.class,
                ShadowResource.NamedShadowListing.class,
                SearchResource.class,
                CertificateResource.class,
                CaCertificateResource.class,
                PkiResource.class,
                TopicsResource.class,
                RetainedMessageResource.class,
                EventConfigurationResource.class,
                ProvisioningTemplateResource.class,
                JobResource.class,
                JobTemplateResource.class,
                ThingJobsResource.class,
                FirmwareResource.class,
                TopicRuleResource.class,
                TopicRuleDestinationResource.class,
                TaggingResource.class,
                AuditLookupResource.class);
    }
}
