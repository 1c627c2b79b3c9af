package dev.netune.schema;

import java.util.List;
import java.util.Map;

/** The structure a loader accepts at one place of a document, as its probe found it. */
sealed interface Shape {
    /** A scalar or a list of scalars: whatever the loader checks, the schema leaves open. */
    record Leaf() implements Shape {
    }

    /** A mapping with exactly these keys, or (keys null) free keys whose values all have the shape {@code each}. */
    record Mapping(List<String> keys, Map<String, Shape> children, Shape each) implements Shape {
    }

    /** A plain value, or (each when not null) this mapping or list: a sysctl is 4096 or {atLeast: 4096}. */
    record Value(Shape mapping, Shape list) implements Shape {
    }

    /** A list of mappings. */
    record ListOf(Shape item) implements Shape {
    }
}
