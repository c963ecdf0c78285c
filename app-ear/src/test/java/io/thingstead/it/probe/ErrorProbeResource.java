package io.thingstead.it.probe;

import io.thingstead.common.api.error.IotException;
import io.thingstead.common.api.json.JsonDocuments;
import io.thingstead.common.api.json.JsonLimits;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Endpoints that fail in each way the error model must render. */
@Path("/things")
@Produces(MediaType.APPLICATION_JSON)
public class ErrorProbeResource {
    @GET
    @Path("/{name}")
    public String describe(@PathParam("name") String name) {
        throw IotException.notFound("Thing " + name + " does not exist.");
    }

    @POST
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    public String create(@PathParam("name") String name, byte[] body) {
        JsonDocuments.readObject(body, new JsonLimits(1024, 8));
        throw IotException.alreadyExists(
                "Thing " + name + " already exists.", name, "arn:aws:iot:us-east-1:000000000000:thing/" + name);
    }

    @GET
    @Path("/{name}/broken")
    public String broken(@PathParam("name") String name) {
        throw new IllegalStateException("secret internals of " + name);
    }
}
