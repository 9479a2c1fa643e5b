/**
 * The spellings test of protected paths: every protected call an application's handler
 * mappings have, in every spelling a client can send (matrix parameters,
 * percent-encoding, dot segments, double and trailing slashes, upper case), sent byte for
 * byte over a socket; and the raw HTTP both ends of a framing test need (a client that
 * writes a request exactly as given, a server that records every byte it receives).
 */
package dev.switchyard.test.spelling;
