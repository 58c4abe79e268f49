/** The {@code natsaga-schema} command line: check a schema change for compatibility, validate data against a schema. */
package dev.natsaga.schema.cli;
