package dev.netune.fact;

/** A fact that knows its own human rendering (the facts command's text format). */
public interface TextFact {
    /** Lines for people; the JSON rendering stays the record's structure. */
    String toText();
}
