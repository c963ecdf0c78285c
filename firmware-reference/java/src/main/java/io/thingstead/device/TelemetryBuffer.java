package io.thingstead.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A durable first-in-first-out buffer of telemetry messages on the device's disk, so that nothing is lost while the
 * device is offline, the broker is down, or the device restarts.
 *
 * <ul>
 *   <li>One file per message, named by a monotonically increasing sequence number; written to a temporary file,
 *       forced to disk, then renamed, so a crash never leaves half a message.
 *   <li>Messages are sent in sequence order and removed only after the broker acknowledged them (PUBACK), so a
 *       message sent just before a crash is sent again (at-least-once; receivers de-duplicate by the sequence number
 *       carried in the message).
 *   <li>Bounded: at most {@code capacity} messages. When full, the <b>oldest</b> message is dropped to make room (the
 *       newest readings are usually the most valuable), and the drop is counted so it can be reported.
 * </ul>
 */
public final class TelemetryBuffer {
    /** One buffered message. */
    public record Message(long sequence, String topic, byte[] payload) {}

    private static final String SUFFIX = ".msg";
    private final Path directory;
    private final int capacity;
    private final TreeMap<Long, Path> files = new TreeMap<>();
    private long nextSequence;
    private long dropped;

    public TelemetryBuffer(Path directory, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.directory = directory;
        this.capacity = capacity;
        try {
            Files.createDirectories(directory);
            try (Stream<Path> listing = Files.list(directory)) {
                listing.forEach(file -> {
                    String name = file.getFileName().toString();
                    if (name.endsWith(SUFFIX)) {
                        files.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), file);
                    } else if (name.endsWith(".tmp")) {
                        deleteQuietly(file); // a write that a crash interrupted
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the telemetry buffer " + directory, e);
        }
        nextSequence = files.isEmpty() ? 1 : files.lastKey() + 1;
    }

    /** Appends a message durably; returns its sequence number. */
    public synchronized long append(String topic, byte[] payload) {
        return append(topic, sequence -> payload);
    }

    /**
     * Appends a message whose payload carries its own sequence number (so that receivers can order and de-duplicate),
     * durably; returns the sequence number.
     */
    public synchronized long append(String topic, java.util.function.LongFunction<byte[]> payloadForSequence) {
        while (files.size() >= capacity) {
            deleteQuietly(files.pollFirstEntry().getValue());
            dropped++;
        }
        long sequence = nextSequence++;
        byte[] payload = payloadForSequence.apply(sequence);
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(4 + topicBytes.length + payload.length);
        record.putInt(topicBytes.length).put(topicBytes).put(payload).flip();
        Path target = directory.resolve(String.format("%020d%s", sequence, SUFFIX));
        Path temporary = directory.resolve(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (record.hasRemaining()) {
                channel.write(record);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot buffer a telemetry message", e);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot buffer a telemetry message", e);
        }
        files.put(sequence, target);
        return sequence;
    }

    /** The oldest messages, at most {@code max}, in order; they stay buffered until {@link #acknowledge}. */
    public synchronized List<Message> peek(int max) {
        List<Message> messages = new ArrayList<>();
        for (var entry : files.entrySet()) {
            if (messages.size() >= max) {
                break;
            }
            messages.add(read(entry.getKey(), entry.getValue()));
        }
        return messages;
    }

    public synchronized Optional<Message> oldest() {
        return files.isEmpty()
                ? Optional.empty()
                : Optional.of(read(files.firstKey(), files.firstEntry().getValue()));
    }

    /** Removes a message the broker has acknowledged. */
    public synchronized void acknowledge(long sequence) {
        Path file = files.remove(sequence);
        if (file != null) {
            deleteQuietly(file);
        }
    }

    public synchronized int size() {
        return files.size();
    }

    /** How many messages were dropped because the buffer was full, since this process started. */
    public synchronized long dropped() {
        return dropped;
    }

    private static Message read(long sequence, Path file) {
        try {
            ByteBuffer record = ByteBuffer.wrap(Files.readAllBytes(file));
            byte[] topic = new byte[record.getInt()];
            record.get(topic);
            byte[] payload = new byte[record.remaining()];
            record.get(payload);
            return new Message(sequence, new String(topic, StandardCharsets.UTF_8), payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read buffered message " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file that cannot be deleted is retried at the next start
        }
    }
}
