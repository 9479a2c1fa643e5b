/**
 * The admin API: the balancer's state and the live switch of a route's policy, behind the
 * admin token.
 */
package dev.switchyard.gateway.admin;
