/**
 * The Switchyard gateway: the layer-7 entry point that balances requests over the
 * instances the registry knows.
 */
package dev.switchyard.gateway;
