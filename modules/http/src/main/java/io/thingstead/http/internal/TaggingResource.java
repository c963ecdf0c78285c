package io.thingstead.http.internal;

import io.thingstead.common.api.error.IotException;
import io.thingstead.registry.api.ResourceTags;
import io.thingstead.registry.api.ResourceTags.Tag;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * AWS IoT's {@code TagResource} ({@code POST /tags}), {@code UntagResource} ({@code POST /untag}) and {@code
 * ListTagsForResource} ({@code GET /tags?resourceArn=...}) for every taggable resource type Thingstead has ({@link
 * TaggableResources}). A resource has at most 50 tags, so the list is one page; a {@code nextToken} from another
 * service is refused rather than silently ignored.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class TaggingResource {
    @Inject
    TaggableResources resources;

    @Inject
    ResourceTags tags;

    @Inject
    RequestBody body;

    @Context
    HttpServletRequest servletRequest;

    @GET
    @Path("tags")
    @ControlPlaneAction(value = "iot:ListTagsForResource", mutating = false)
    public JsonObject list(@QueryParam("resourceArn") String resourceArn, @QueryParam("nextToken") String nextToken) {
        if (nextToken != null && !nextToken.isEmpty()) {
            throw IotException.invalidRequest("Invalid nextToken: every tag of a resource is on the first page.");
        }
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (Tag tag : tags.list(resources.existing(resourceArn))) {
            items.add(Json.createObjectBuilder().add("Key", tag.key()).add("Value", tag.value()));
        }
        return Json.createObjectBuilder().add("tags", items).build();
    }

    @POST
    @Path("tags")
    @ControlPlaneAction("iot:TagResource")
    public JsonObject tag() {
        JsonObject request = body.json();
        List<Tag> requested = resources.fromBody(request, "tags");
        if (requested.isEmpty()) {
            throw IotException.invalidRequest("tags is required: at least one {\"Key\": ..., \"Value\": ...}.");
        }
        String arn =
                audited(resources.existing(Bodies.string(request, "resourceArn").orElse(null)));
        tags.tag(arn, requested);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @POST
    @Path("untag")
    @ControlPlaneAction("iot:UntagResource")
    public JsonObject untag() {
        JsonObject request = body.json();
        var keys = TaggableResources.keys(request);
        String arn =
                audited(resources.existing(Bodies.string(request, "resourceArn").orElse(null)));
        tags.untag(arn, keys);
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    /** The audit trail names the tagged resource (the path does not). */
    private String audited(String arn) {
        if (servletRequest != null) {
            servletRequest.setAttribute(AuditFilter.RESOURCE_ARN, arn);
        }
        return arn;
    }
}
