package io.thingstead.http.internal;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;

/** The request body as read (once, bounded) by the authentication filter, for the resource to parse. */
@RequestScoped
public class RequestBody {
    private byte[] bytes = new byte[0];
    private JsonObject json;

    void set(byte[] bytes) {
        this.bytes = bytes;
        this.json = null;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** The body as a JSON object; an empty body is an empty object, as AWS treats it. */
    public JsonObject json() {
        if (json == null) {
            json = Bodies.body(bytes);
        }
        return json;
    }
}
