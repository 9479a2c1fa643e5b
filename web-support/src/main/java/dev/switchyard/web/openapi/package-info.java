/**
 * What every application adds to the OpenAPI description springdoc generates from its
 * code: the problem+json error body and the bearer token of its protected calls.
 */
package dev.switchyard.web.openapi;
