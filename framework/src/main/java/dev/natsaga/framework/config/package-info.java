/** Immutable, validated configuration read from environment variables and system properties; errors name the setting. */
package dev.natsaga.framework.config;
