/** Handler middleware: function composition around {@link dev.natsaga.framework.EventHandler}, one concern per class. */
package dev.natsaga.framework.consume;
