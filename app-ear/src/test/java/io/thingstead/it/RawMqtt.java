package io.thingstead.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A deliberately naive MQTT client for hostile-input tests: it writes whatever bytes it is given (valid packets from
 * the builders below, truncated ones, garbage) and reads what the server answers packet by packet, until the server
 * closes the connection or a deadline passes. No retries, no validation of what it sends.
 */
final class RawMqtt implements AutoCloseable {
    static final int CONNACK = 2;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A packet the server sent: its type (high nibble), flags (low nibble) and variable header + payload. */
    record Packet(int type, int flags, byte[] body) {
        /** CONNACK's return code (3.1.1) / reason code (5), DISCONNECT's reason code (5; 0 when absent). */
        int code() {
            return switch (type) {
                case CONNACK -> body.length > 1 ? body[1] & 0xff : -1;
                case DISCONNECT -> body.length > 0 ? body[0] & 0xff : 0;
                default -> -1;
            };
        }

        @Override
        public String toString() {
            return switch (type) {
                case CONNACK -> "CONNACK(0x%02x)".formatted(code());
                case DISCONNECT -> "DISCONNECT(0x%02x)".formatted(code());
                case PINGRESP -> "PINGRESP";
                default -> "packet type " + type + " (" + body.length + " bytes)";
            };
        }
    }

    /**
     * How an exchange ended: the packets the server sent, whether it closed the connection (end of stream, reset, TLS
     * alert) before the deadline, and when.
     */
    record Ending(List<Packet> packets, boolean closed, Duration elapsed, String how) {
        /** The reason code of the server's DISCONNECT, or -1 when it sent none. */
        int disconnectReason() {
            return packets.stream()
                    .filter(p -> p.type() == DISCONNECT)
                    .mapToInt(Packet::code)
                    .findFirst()
                    .orElse(-1);
        }

        boolean answered(int type) {
            return packets.stream().anyMatch(p -> p.type() == type);
        }

        @Override
        public String toString() {
            return packets
                    + (closed ? " then closed (" + how + ") after " + elapsed.toMillis() + " ms" : " still open");
        }
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next packet within {@code timeout}; fails when the connection ends or nothing complete arrives in time. */
    Packet next(Duration timeout) throws IOException {
        return read(System.nanoTime() + timeout.toNanos());
    }

    /** Reads until the server closes the connection, or {@code max} passes (then {@code closed} is false). */
    Ending awaitEnd(Duration max) {
        return awaitEnd(max, -1);
    }

    /** As {@link #awaitEnd(Duration)}, but also stops (open) once a packet of type {@code stopAt} arrived. */
    Ending awaitEnd(Duration max, int stopAt) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        List<Packet> packets = new ArrayList<>();
        while (true) {
            try {
                Packet packet = read(deadline);
                packets.add(packet);
                if (packet.type() == stopAt) {
                    return new Ending(packets, false, Duration.ofNanos(System.nanoTime() - start), "");
                }
            } catch (SocketTimeoutException e) {
                return new Ending(packets, false, Duration.ofNanos(System.nanoTime() - start), "");
            } catch (IOException e) {
                String how = e instanceof EOFException ? "end of stream" : e.toString();
                return new Ending(packets, true, Duration.ofNanos(System.nanoTime() - start), how);
            }
        }
    }

    /** Until the server has closed the connection, or {@code max} passed: whether it is still open. */
    boolean openAfter(Duration max) {
        return !awaitEnd(max).closed();
    }

    private Packet read(long deadline) throws IOException {
        int first = readByte(deadline);
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = readByte(deadline);
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            if (shift >= 21) {
                throw new IOException("the server sent a malformed remaining length");
            }
        }
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) readByte(deadline);
        }
        return new Packet(first >> 4, first & 0x0f, body);
    }

    private int readByte(long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.max(1, left));
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // --- packet builders -------------------------------------------------------------------------------------------

    /** A packet with a correct remaining length. */
    static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(firstByte);
        out.writeBytes(varInt(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] varInt(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4);
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value > 0 ? b | 0x80 : b);
        } while (value > 0);
        return out.toByteArray();
    }

    static byte[] utf8(String text) {
        return lengthPrefixed(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] lengthPrefixed(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 2);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    /** CONNECT, clean session/start, keep-alive 60 s; {@code properties} (MQTT 5 only) without their length. */
    static byte[] connect(String protocolName, int level, String clientId, byte[] properties) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(utf8(protocolName));
        body.write(level);
        body.write(0x02);
        body.write(0);
        body.write(60);
        if (level == 5) {
            body.writeBytes(varInt(properties.length));
            body.writeBytes(properties);
        }
        body.writeBytes(utf8(clientId));
        return packet(0x10, body.toByteArray());
    }

    static byte[] connect(int level, String clientId) {
        return connect("MQTT", level, clientId, new byte[0]);
    }

    /** PUBLISH QoS 0 with the topic name's bytes as given (they may be invalid UTF-8). */
    static byte[] publish(int level, byte[] topic, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(lengthPrefixed(topic));
        if (level == 5) {
            body.write(0);
        }
        body.writeBytes(payload);
        return packet(0x30, body.toByteArray());
    }

    /** SUBSCRIBE (packet id 1) to one filter at QoS 0. */
    static byte[] subscribe(int level, String filter) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(1);
        if (level == 5) {
            body.write(0);
        }
        body.writeBytes(utf8(filter));
        body.write(0);
        return packet(0x82, body.toByteArray());
    }

    /** UNSUBSCRIBE (packet id 2) from one filter. */
    static byte[] unsubscribe(int level, String filter) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(2);
        if (level == 5) {
            body.write(0);
        }
        body.writeBytes(utf8(filter));
        return packet(0xa2, body.toByteArray());
    }

    static byte[] pingreq() {
        return new byte[] {(byte) 0xc0, 0};
    }

    /** {@code count} MQTT 5 user properties (identifier 0x26, a name and a value). */
    static byte[] userProperties(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * 12);
        for (int i = 0; i < count; i++) {
            out.write(0x26);
            out.writeBytes(utf8("k" + i));
            out.writeBytes(utf8("v"));
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
