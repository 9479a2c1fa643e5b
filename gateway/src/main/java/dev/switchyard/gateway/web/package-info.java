/**
 * What every gateway response carries: problem+json errors and the balancer's headers.
 */
package dev.switchyard.gateway.web;
