/**
 * The contract tests of the applications' OpenAPI descriptions: real calls checked
 * against {@code /v3/api-docs}, and {@code docs/API.md} checked against it.
 */
package dev.switchyard.test.openapi;
