/**
 * What the cluster's HTTP servers share, so that no module copies it.
 */
package dev.switchyard.web;
