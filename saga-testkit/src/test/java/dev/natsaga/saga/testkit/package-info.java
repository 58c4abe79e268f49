/** The test kit used the way a service's own saga tests would use it. */
package dev.natsaga.saga.testkit;
