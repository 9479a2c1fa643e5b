/**
 * A limit on request body size for the servlet applications, answered with a 413 problem
 * without reading the body whole.
 */
package dev.switchyard.web.bodylimit;
