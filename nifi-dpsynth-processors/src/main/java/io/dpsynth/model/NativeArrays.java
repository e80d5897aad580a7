package io.dpsynth.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Creates NDArrays from Java data in memory that PyTorch allocated. DJL's {@code manager.create(javaData)}
 * copies into a direct {@code ByteBuffer} and wraps it without copying (torch {@code from_blob}); the JVM then
 * owns the memory, and when the garbage collector frees the buffer while a view or an autograd node still uses
 * it, training reads garbage. The same holds for DJL's scalar operations ({@code x.mul(0.5f)}, {@code x.pow(3)}):
 * they wrap the number the same way and close it right after the call, but autograd keeps it for the backward
 * pass — under GC pressure that gave NaN losses within a few steps. So forward passes use {@link #scalar}.
 */
public final class NativeArrays {

    private NativeArrays() {
    }

    /** A FLOAT32 scalar (shape {@code []}) that broadcasts against any array. */
    public static NDArray scalar(NDManager manager, float value) {
        return of(manager, new float[] {value}, new Shape());
    }

    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    public static NDArray of(NDManager manager, long[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    /** A {@code [rows, columns]} INT64 array; every row must have the same length. */
    public static NDArray of(NDManager manager, long[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        long[] flat = new long[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " entries, expected " + columns);
            }
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
        return of(manager, flat, new Shape(rows.length, columns));
    }

    /** Copies a tensor that wraps a Java buffer (e.g. a file mapping) into PyTorch memory and closes the wrapper. */
    public static NDArray owned(NDArray wrapped) {
        try (wrapped) {
            return wrapped.duplicate();
        }
    }
}
