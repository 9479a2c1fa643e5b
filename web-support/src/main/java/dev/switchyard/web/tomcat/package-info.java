/**
 * Problem details for the errors Tomcat answers itself, before a request reaches the
 * application: a malformed request line, an invalid URI, an oversized header.
 */
package dev.switchyard.web.tomcat;
