/** Dead letters: their headers and reasons, and an API to list and replay them. */
package dev.natsaga.framework.dlq;
