package io.thingstead.rules.internal.engine;

import io.thingstead.gateway.api.DeviceMessage;
import io.thingstead.gateway.api.UserProperty;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inbox row's bytes: a message as the engine needs it back after a restart (what IoT SQL's functions read), in a
 * compact versioned binary form; one {@code bytea} per message keeps the group-committed insert to two arrays.
 */
final class MessageCodec {
    private static final int VERSION = 1;

    private MessageCodec() {}

    static byte[] encode(InboxMessage message) {
        DeviceMessage m = message.message();
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(96 + m.payload().length + m.topic().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(m.origin().ordinal());
            string(out, m.topic());
            optional(out, m.clientId());
            optional(out, m.thingName());
            string(out, m.principal());
            out.writeByte(m.qos());
            out.writeBoolean(m.retain());
            out.writeLong(m.receivedAt().toEpochMilli());
            string(out, message.traceId());
            out.writeInt(m.userProperties().size());
            for (UserProperty property : m.userProperties()) {
                string(out, property.name());
                string(out, property.value());
            }
            optional(out, m.contentType());
            optional(out, m.responseTopic());
            out.writeBoolean(m.correlationData().isPresent());
            if (m.correlationData().isPresent()) {
                blob(out, m.correlationData().get());
            }
            blob(out, m.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static InboxMessage decode(long id, Optional<String> ruleName, byte[] row) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(row))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("inbox row " + id + " has an unknown format " + version);
            }
            DeviceMessage.Origin origin = DeviceMessage.Origin.values()[in.readByte()];
            String topic = string(in);
            Optional<String> clientId = optional(in);
            Optional<String> thingName = optional(in);
            String principal = string(in);
            int qos = in.readByte();
            boolean retain = in.readBoolean();
            Instant receivedAt = Instant.ofEpochMilli(in.readLong());
            String traceId = string(in);
            int properties = in.readInt();
            List<UserProperty> userProperties = new ArrayList<>(properties);
            for (int i = 0; i < properties; i++) {
                userProperties.add(new UserProperty(string(in), string(in)));
            }
            Optional<String> contentType = optional(in);
            Optional<String> responseTopic = optional(in);
            Optional<byte[]> correlation = in.readBoolean() ? Optional.of(blob(in)) : Optional.empty();
            byte[] payload = blob(in);
            DeviceMessage message = new DeviceMessage(
                    origin,
                    clientId,
                    thingName,
                    principal,
                    topic,
                    payload,
                    qos,
                    retain,
                    userProperties,
                    contentType,
                    responseTopic,
                    correlation,
                    receivedAt);
            return new InboxMessage(message, ruleName, traceId).stored(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        blob(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void optional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            string(out, value.get());
        }
    }

    private static void blob(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(blob(in), StandardCharsets.UTF_8);
    }

    private static Optional<String> optional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(string(in)) : Optional.empty();
    }

    private static byte[] blob(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 256 * 1024 * 1024) {
            throw new IOException("corrupt inbox row: length " + length);
        }
        return in.readNBytes(length);
    }
}
