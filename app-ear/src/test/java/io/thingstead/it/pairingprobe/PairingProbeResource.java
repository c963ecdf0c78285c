package io.thingstead.it.pairingprobe;

import io.thingstead.pairing.api.DevicePairing;
import io.thingstead.pairing.api.EndUser;
import io.thingstead.pairing.api.IssuedCode;
import io.thingstead.pairing.api.PairingCodes;
import io.thingstead.pairing.api.PairingRefusedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.function.Supplier;

/** The pairing api over HTTP for PairingIT; refusals come back as {@code {"refused": REASON, "message": ...}}. */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PairingProbeResource {
    @Inject
    DevicePairing pairing;

    @Inject
    PairingCodes codes;

    private static EndUser user(String identity, String username) {
        return new EndUser(identity, identity.substring(identity.indexOf(':') + 1), username, Optional.of("192.0.2.9"));
    }

    @POST
    @Path("issue")
    public JsonObject issue(@QueryParam("thing") String thing) {
        return call(() -> code(codes.issue(thing, "operator:pairing-it")));
    }

    @POST
    @Path("pair")
    @Consumes(MediaType.WILDCARD)
    public JsonObject pair(String code, @QueryParam("identity") String identity, @QueryParam("user") String username) {
        return call(() -> Json.createObjectBuilder()
                .add("thing", pairing.pair(user(identity, username), code))
                .build());
    }

    @POST
    @Path("unpair")
    public JsonObject unpair(@QueryParam("identity") String identity, @QueryParam("thing") String thing) {
        return call(() -> {
            pairing.unpair(user(identity, "someone"), thing);
            return Json.createObjectBuilder().add("unpaired", thing).build();
        });
    }

    @POST
    @Path("transfer")
    public JsonObject transfer(@QueryParam("identity") String identity, @QueryParam("thing") String thing) {
        return call(() -> code(pairing.transferCode(user(identity, "someone"), thing)));
    }

    @POST
    @Path("enroll")
    public JsonObject enroll(@QueryParam("identity") String identity) {
        return call(() -> {
            pairing.enroll(user(identity, "someone"));
            return Json.createObjectBuilder().add("enrolled", identity).build();
        });
    }

    @POST
    @Path("release")
    public JsonObject release(@QueryParam("thing") String thing) {
        return call(() -> {
            codes.release(thing, "operator:pairing-it");
            return Json.createObjectBuilder().add("released", thing).build();
        });
    }

    @GET
    @Path("devices")
    public JsonObject devices(@QueryParam("identity") String identity) {
        JsonArrayBuilder things = Json.createArrayBuilder();
        pairing.devices(identity).forEach(device -> things.add(device.thingName()));
        return Json.createObjectBuilder().add("things", things).build();
    }

    @GET
    @Path("owner")
    public JsonObject owner(@QueryParam("thing") String thing) {
        var json = Json.createObjectBuilder();
        codes.ownerOf(thing)
                .ifPresent(owner -> json.add("owner", owner.identityId()).add("username", owner.username()));
        return json.build();
    }

    private static JsonObject code(IssuedCode code) {
        return Json.createObjectBuilder()
                .add("code", code.code())
                .add("thing", code.thingName())
                .add("expiresAt", code.expiresAt().toString())
                .build();
    }

    private static JsonObject call(Supplier<JsonObject> work) {
        try {
            return work.get();
        } catch (PairingRefusedException refused) {
            var json = Json.createObjectBuilder()
                    .add("refused", refused.reason().name())
                    .add("message", refused.getMessage());
            refused.retryAfter().ifPresent(at -> json.add("retryAfter", at.toString()));
            return json.build();
        }
    }
}
