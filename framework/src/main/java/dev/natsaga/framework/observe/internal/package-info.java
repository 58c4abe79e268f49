/** Implementation of metrics, tracing and the built-in health checks, as decorators of publish and consume. Not API. */
package dev.natsaga.framework.observe.internal;
