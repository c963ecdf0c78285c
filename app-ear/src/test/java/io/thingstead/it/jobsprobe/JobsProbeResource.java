package io.thingstead.it.jobsprobe;

import io.thingstead.gateway.api.Gateway;
import io.thingstead.gateway.api.OutboundMessage;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.TimeUnit;

/** Publishes as the platform, e.g. on {@code $aws/things/<thing>/jobs/notify-next}, which devices cannot publish to. */
@Path("/")
@RequestScoped
public class JobsProbeResource {
    @Inject
    Gateway gateway;

    @POST
    @Path("publish")
    @Consumes(MediaType.WILDCARD)
    public void publish(byte[] payload, @QueryParam("topic") String topic) throws Exception {
        gateway.publish(OutboundMessage.builder(topic).payload(payload).qos(1).build())
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
    }
}
