/** DSL validation and the small API value types. */
package dev.natsaga.saga.dsl;
