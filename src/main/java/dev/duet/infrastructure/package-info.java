/** The application's ports implemented by technology; see the sub-packages. */
package dev.duet.infrastructure;
