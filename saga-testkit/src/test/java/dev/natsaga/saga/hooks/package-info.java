/** Tests of the saga outcome hooks (onCompleted, onCompensated, onCompensationFailed). */
package dev.natsaga.saga.hooks;
