/**
 * Offline checks of the Kubernetes manifests: every overlay rendered with kustomize, read
 * into the Kubernetes API model, and held to the rules and to what the applications read.
 */
package dev.switchyard.e2e.deploy;
