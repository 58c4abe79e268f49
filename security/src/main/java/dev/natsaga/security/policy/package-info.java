/**
 * One authorization policy, two enforcers: {@link dev.natsaga.security.policy.Policy} (a YAML file saying which event
 * types each service may publish and consume), {@link dev.natsaga.security.policy.PolicyStage} enforcing it in the
 * framework, and {@link dev.natsaga.security.policy.AccountsGenerator} writing the nats-server account permissions
 * from it.
 */
package dev.natsaga.security.policy;
