/** The schema module's implementation: compiled validators with bounded limits, JSON reading, the schema walker. */
package dev.natsaga.schema.internal;
