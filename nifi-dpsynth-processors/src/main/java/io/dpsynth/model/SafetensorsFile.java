package io.dpsynth.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reader and writer of the safetensors format: an 8-byte little-endian header length, a JSON header
 * mapping tensor names to {@code dtype}, {@code shape} and {@code data_offsets}, then the raw
 * little-endian data.
 *
 * <p>Own code instead of DJL's {@code NDList.decode}: DJL aborts the JVM on BF16 tensors (most recent
 * checkpoints), limits offsets to 2 GiB and reads the whole file into one array. Here every header entry
 * is validated against the file size before any byte reaches native code, each tensor is mapped on its
 * own (no 2 GiB limit per file), and F16/BF16/F64 are converted to F32 in Java.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Upper bound for the JSON header; real headers are a few hundred kB at most. */
    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final String METADATA_KEY = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor's header entry; offsets are relative to the start of the data section. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public long elementCount() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }
    }

    /** A tensor to write: little-endian bytes of the given dtype. */
    public record Tensor(String name, String dtype, long[] shape, ByteBuffer data) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
    }

    /** Opens and validates the header; throws {@link ModelFormatException} naming the file and problem. */
    public static SafetensorsFile open(Path file) throws ModelFormatException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": missing", e);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot be opened (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new ModelFormatException(file + ": truncated (" + fileSize + " bytes, no header length)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw new ModelFormatException(file + ": bad header length " + headerLength + " for a file of "
                        + fileSize + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            long dataStart = 8 + headerLength;
            Map<String, TensorInfo> tensors = parseHeader(file, header.array(), fileSize - dataStart);
            return new SafetensorsFile(file, channel, dataStart, tensors);
        } catch (ModelFormatException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new ModelFormatException(file + ": unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Map<String, TensorInfo> parseHeader(Path file, byte[] header, long dataSize) throws ModelFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": bad header (not valid JSON)", e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(file + ": bad header (not a JSON object)");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (METADATA_KEY.equals(entry.getKey())) {
                continue;
            }
            tensors.put(entry.getKey(), parseEntry(file, entry.getKey(), entry.getValue(), dataSize));
        }
        return Collections.unmodifiableMap(tensors);
    }

    private static TensorInfo parseEntry(Path file, String name, JsonNode node, long dataSize) throws ModelFormatException {
        String where = file + ": tensor '" + name + "'";
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!node.path("dtype").isTextual() || !shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new ModelFormatException(where + ": bad header entry (needs dtype, shape, data_offsets[2])");
        }
        String dtype = node.get("dtype").asText();
        int elementBytes = elementBytes(dtype);
        if (elementBytes < 0) {
            throw new ModelFormatException(where + ": unsupported dtype " + dtype);
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dim = shapeNode.get(i);
            if (!dim.canConvertToLong() || dim.asLong() < 0) {
                throw new ModelFormatException(where + ": bad shape " + shapeNode);
            }
            shape[i] = dim.asLong();
        }
        if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new ModelFormatException(where + ": bad data_offsets " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw new ModelFormatException(where + ": data_offsets [" + begin + ", " + end + "] outside the "
                    + dataSize + "-byte data section (truncated file?)");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(info.elementCount(), (long) elementBytes);
        } catch (ArithmeticException e) {
            throw new ModelFormatException(where + ": shape " + Arrays.toString(shape) + " is too large", e);
        }
        if (expectedBytes != end - begin) {
            throw new ModelFormatException(where + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + expectedBytes + " bytes but data_offsets span " + (end - begin));
        }
        return info;
    }

    private static int elementBytes(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    public Path file() {
        return file;
    }

    /** Header entries by name, in file order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /**
     * The tensor's values as little-endian F32 bytes in a direct buffer. F32 data is a read-only mapping of
     * the file (copy it before updating it in place); F16, BF16 and F64 are converted in Java.
     */
    public ByteBuffer readFloat32(String name) throws IOException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new ModelFormatException(file + ": no tensor '" + name + "'");
        }
        long length = info.end() - info.begin();
        if (length > Integer.MAX_VALUE) {
            throw new ModelFormatException(file + ": tensor '" + name + "' is larger than 2 GiB");
        }
        ByteBuffer raw = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), length)
                .order(ByteOrder.LITTLE_ENDIAN);
        return switch (info.dtype()) {
            case "F32" -> raw;
            case "F16" -> convert(raw, info.elementCount(), i -> Float.float16ToFloat(raw.getShort(2 * i)));
            case "BF16" -> convert(raw, info.elementCount(), i -> Float.intBitsToFloat((raw.getShort(2 * i) & 0xffff) << 16));
            case "F64" -> convert(raw, info.elementCount(), i -> (float) raw.getDouble(8 * i));
            default -> throw new ModelFormatException(file + ": tensor '" + name + "' has dtype " + info.dtype()
                    + ", expected a floating-point type");
        };
    }

    private interface ElementReader {
        float read(int index);
    }

    private static ByteBuffer convert(ByteBuffer raw, long count, ElementReader reader) {
        ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            out.putFloat(4 * i, reader.read(i));
        }
        return out;
    }

    /**
     * Writes tensors (sorted by name, header padded with spaces to a multiple of 8 bytes as the reference
     * implementation does) to a temporary file and moves it into place, so a crash never leaves a half file.
     */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> sorted = new TreeMap<>();
        for (Tensor tensor : tensors) {
            if (sorted.put(tensor.name(), tensor) != null) {
                throw new IllegalArgumentException("duplicate tensor name " + tensor.name());
            }
        }
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Tensor tensor : sorted.values()) {
            long bytes = tensor.data().remaining();
            long expected = Arrays.stream(tensor.shape()).reduce(1, Math::multiplyExact) * elementBytes(tensor.dtype());
            if (elementBytes(tensor.dtype()) < 0 || bytes != expected) {
                throw new IllegalArgumentException("tensor " + tensor.name() + ": " + bytes + " bytes do not match "
                        + tensor.dtype() + " " + Arrays.toString(tensor.shape()));
            }
            ObjectNode entry = header.putObject(tensor.name());
            entry.put("dtype", tensor.dtype());
            entry.putPOJO("shape", tensor.shape());
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = headerBytes(header);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, json.length);
            writeFully(out, length);
            writeFully(out, ByteBuffer.wrap(json));
            for (Tensor tensor : sorted.values()) {
                writeFully(out, tensor.data().duplicate());
            }
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] headerBytes(ObjectNode header) throws JsonProcessingException {
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        while (target.hasRemaining()) {
            int read = channel.read(target, position + target.position());
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer source) throws IOException {
        while (source.hasRemaining()) {
            channel.write(source);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do: the open failed already
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
