package dev.curfew.cli;

/** Output formats of the listing commands. */
enum Format {
    TABLE, JSON, CSV
}
