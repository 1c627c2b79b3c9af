package dev.netune.cli;

/** Output formats of results on stdout. */
enum Format { text, json }
