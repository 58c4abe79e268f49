/** Engine scenarios through the test kit, run against H2 and PostgreSQL. */
package dev.natsaga.saga.engine;
