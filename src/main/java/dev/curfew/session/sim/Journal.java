package dev.curfew.session.sim;

import dev.curfew.session.ServerName;
import dev.curfew.session.SessionHostException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The file where simulated servers note each action they receive, one line each:
 * {@code instant action server sessionId}, separated by tabs. Appended unbuffered before the action
 * is applied, so the file holds every action received even when the process is killed; several
 * daemons on one file read each other's lines, so they see one fleet, as they would real servers.
 */
final class Journal {
    record Entry(Instant at, String action, ServerName server, int sessionId) {
    }

    private final Path file;
    private long offset;

    Journal(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    synchronized void append(Instant at, String action, ServerName server, int sessionId) {
        String line = at + "\t" + action + "\t" + server.value() + "\t" + sessionId + "\n";
        try {
            // One write with O_APPEND: lines of several processes never interleave.
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SessionHostException(server, "cannot write the journal " + file + ": " + e.getMessage());
        }
    }

    /** The complete lines appended since the last call, by this process or another. */
    synchronized List<Entry> readNew() {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= offset) {
                return List.of();
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - offset, Integer.MAX_VALUE - 8));
            ch.position(offset);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read to the end known above
            }
            bytes = new byte[buf.position()];
            buf.flip();
            buf.get(bytes);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        int end = lastNewline(bytes);
        if (end < 0) {
            return List.of();
        }
        offset += end + 1;
        List<Entry> out = new ArrayList<>();
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            Entry e = parse(line);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Entry parse(String line) {
        String[] f = line.split("\t");
        if (f.length < 4) {
            return null;
        }
        try {
            return new Entry(Instant.parse(f[0]), f[1], ServerName.of(f[2]), Integer.parseInt(f[3].trim()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
    }
}
