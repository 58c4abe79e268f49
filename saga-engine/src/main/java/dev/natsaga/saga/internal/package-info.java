/** Implementation of the saga engine; nothing here is API and it may change without notice. */
package dev.natsaga.saga.internal;
