/** Tests of the compiled validators the schema boundaries use. */
package dev.natsaga.schema.internal;
