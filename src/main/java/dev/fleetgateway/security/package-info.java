/**
 * Who may call the REST API: API keys ({@link dev.fleetgateway.security.ApiKeys}: created and revoked by an
 * admin, shown once, stored as SHA-256, named, with an expiry and a last-used time, checked against an in-memory
 * table), the bootstrap admin key ({@code gateway.security.bootstrap-key}, or generated and printed once), the
 * {@link dev.fleetgateway.security.Role}s, the per-key request quota (Bucket4j token buckets,
 * {@code gateway.security.rate-limit}). {@code security.web}: the filter chain (bearer key or optional JWT, the
 * role of each endpoint in {@code EndpointRoles}, 401/403/429 as problems), the audit log ({@code fleet.audit},
 * one line per state-changing call) and {@code /api/v1/keys}.
 * <p>
 * Depends on system only; no feature depends on it. Threads: servlet threads check keys; last-used times are
 * written on {@code fleet-db-writer}.
 */
package dev.fleetgateway.security;
