/** Implementation: the publisher, durable consumers, message processing, dead-lettering and connection set-up. Not API. */
package dev.natsaga.framework.internal;
