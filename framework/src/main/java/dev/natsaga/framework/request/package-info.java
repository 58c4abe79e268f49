/** Request-reply over core NATS with CloudEvents both ways, on subjects no stream captures. */
package dev.natsaga.framework.request;
