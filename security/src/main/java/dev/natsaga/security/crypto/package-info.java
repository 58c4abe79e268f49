/** Keys and the one AES-256-GCM primitive (the JDK's {@code javax.crypto}; nothing hand-written). */
package dev.natsaga.security.crypto;
