package dev.natsaga.security.policy;

import dev.natsaga.framework.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes the nats-server accounts file (account {@code APP} with one user per service, the operator, the system
 * account) from the {@link Policy}: each service may publish the subjects of the types it may publish and create
 * consumers filtered on the types it may consume, plus what the framework itself needs (dead letters, health and
 * audit events, acks, KV buckets, stream provisioning). Every subject rule uses {@code *} for the environment token.
 *
 * <pre>{@code
 * java -cp natsaga-security.jar:... dev.natsaga.security.policy.AccountsGenerator nats-config/policy.yaml nats-config/accounts.conf
 * }</pre>
 */
public final class AccountsGenerator {

  private static final String I = "              ";

  private AccountsGenerator() {
  }

  /** Generates {@code args[1]} from the policy file {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: AccountsGenerator <policy.yaml> <accounts.conf>");
    }
    Files.writeString(Path.of(args[1]), generate(Policy.load(Path.of(args[0])), Path.of(args[0]).getFileName().toString()),
        StandardCharsets.UTF_8);
  }

  /** The accounts file for {@code policy}; {@code policyName} is named in its header. */
  public static String generate(Policy policy, String policyName) {
    StringBuilder out = new StringBuilder(header(policyName)).append("accounts {\n  APP {\n    jetstream: enabled\n\n    users: [\n");
    for (Map.Entry<String, Policy.Service> s : policy.services().entrySet()) {
      out.append(service(s.getKey(), s.getValue(), policy.environments()));
    }
    if (policy.admin() != null) {
      out.append(admin(policy.admin()));
    }
    out.append("    ]\n  }\n");
    if (policy.system() != null) {
      out.append("\n  SYS {\n    users: [\n      { user: ").append(policy.system().user()).append(", password: ")
          .append(policy.system().devPassword()).append(" }\n    ]\n  }\n");
    }
    out.append("}\n");
    if (policy.system() != null) {
      out.append("\nsystem_account: SYS\n");
    }
    return out.toString();
  }

  private static String service(String name, Policy.Service s, List<String> environments) {
    StringBuilder b = new StringBuilder("      {\n        user: " + name + "\n        password: " + s.devPassword() + "\n"
        + "        permissions: {\n          publish: {\n            allow: [\n");
    b.append(I).append("# the event types it may publish (policy: publish)\n");
    s.publish().forEach(p -> b.append(I).append(quote("*." + p)).append('\n'));
    b.append(I).append("# dead letters of its consumers, its health and audit events, the account info its health check asks\n");
    lines(b, "*.dlq.>", "*.ops.>", "*.audit.>", "$JS.API.INFO");
    b.append(I).append("# acks, naks, in-progress and terms of its consumers (every ack subject format)\n");
    lines(b, "$JS.ACK.>");
    b.append(I).append("# KV writes: idempotency claims, subject keys ($KV.{ENV}_<BUCKET>.<key>)\n");
    lines(b, "$KV.*.>");
    b.append(I).append("# JetStream API: streams and KV buckets it provisions\n");
    lines(b, "$JS.API.STREAM.NAMES", "$JS.API.STREAM.INFO.*", "$JS.API.STREAM.CREATE.*");
    b.append(I).append("# durable consumers filtered on the types it may consume (policy: consume)\n");
    s.consume().forEach(p -> b.append(I).append(quote("$JS.API.CONSUMER.CREATE.*.*.*." + p)).append('\n'));
    lines(b, "$JS.API.CONSUMER.INFO.*.*", "$JS.API.CONSUMER.MSG.NEXT.*.*");
    b.append(I).append("# KV reads (direct get) and KV watches (the schema registry's: an ordered consumer filtered on $KV.<bucket>.>)\n");
    lines(b, "$JS.API.DIRECT.GET.*.$KV.*.>", "$JS.API.CONSUMER.CREATE.*.*.$KV.*.>");
    b.append(I).append("# a message the client could never read is fetched by sequence to dead-letter it (UndeliveredRescue):\n");
    b.append(I).append("# only the streams of its domains, never the DLQ; a stream name is one token ({ENV}_{DOMAIN}), so per\n");
    b.append(I).append("# environment of the policy (environments:)\n");
    TreeSet<String> domains = new TreeSet<>();
    Stream.concat(s.publish().stream(), s.consume().stream()).forEach(p -> domains.add(p.domain()));
    for (String env : environments) {
      domains.forEach(d -> lines(b, "$JS.API.STREAM.MSG.GET." + Environment.of(env).streamName(d)));
    }
    b.append("            ]\n          }\n          subscribe: {\n");
    b.append("            # replies only: JetStream API answers, publish acks and pulled messages\n");
    b.append("            allow: [ \"_INBOX.>\", \"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>\" ]\n");
    return b.append("          }\n        }\n      }\n").toString();
  }

  private static String admin(Policy.User admin) {
    return "      {\n"
        + "        # The operator, not a service: the nats CLI (nats stream add --config streams/DEV_BOOKING.json)\n"
        + "        # and dead-letter tooling (natsaga DeadLetters list/replay reads the DLQ by sequence and\n"
        + "        # re-publishes to the original subject, which no service user may do). Every subject of APP.\n"
        + "        user: " + admin.user() + "\n        password: " + admin.devPassword() + "\n"
        + "        permissions: {\n          publish: { allow: [ \">\" ] }\n          subscribe: { allow: [ \">\" ] }\n"
        + "        }\n      }\n";
  }

  private static void lines(StringBuilder b, String... subjects) {
    for (String s : subjects) {
      b.append(I).append(quote(s)).append('\n');
    }
  }

  private static String quote(String subject) {
    return "\"" + subject + "\"";
  }

  private static String header(String policyName) {
    return String.join("\n", List.of(
        "# GENERATED from " + policyName + " by dev.natsaga.security.policy.AccountsGenerator: do not edit by hand;",
        "# change the policy and run the generator (security/README.md). A test keeps this file equal to its output.",
        "#",
        "# natsaga accounts and users: one account APP for the services (JetStream enabled), one user per",
        "# service with publish/subscribe permissions for exactly the event types the policy lets it publish",
        "# and consume, and the system account. Included by secure.conf; can be included by any server or cluster config.",
        "#",
        "# Passwords here are for development only. In production use NKeys (nkey: U...; the service reads",
        "# its seed from NATS_NKEY_FILE) or decentralized JWT auth with creds files (NATS_CREDS_FILE), and",
        "# keep secrets out of the repository.",
        "#",
        "# Subjects (see framework Environment): events and commands on {env}.{domain}.{entity}.{action}.v{N},",
        "# dead letters on {env}.dlq.{consumer}.{type}, KV keys on $KV.{ENV}_{BUCKET}.>, health events on",
        "# {env}.ops.service.health-checked.v1 (stream {ENV}_OPS), audit events on {env}.audit.> (stream {ENV}_AUDIT).",
        "# Every rule but one uses '*' for the env token, so one user works in every environment.",
        "#",
        "# JetStream API subjects name streams ({ENV}_{DOMAIN}), KV buckets and consumers ({service}__{handler})",
        "# in one token each, and NATS wildcards match whole tokens only, so those rules use '*' there and",
        "# restrict the operation instead: stream info/create, consumer create only with a filter on the types",
        "# the service consumes, consumer info, pull, KV direct get. Nothing deletes, purges or updates; reading",
        "# a message by sequence is allowed only in the service's own domain streams, named per environment of",
        "# the policy (environments:), never the DLQ. The rest is the operator's user. README.md has the model.",
        "#",
        "# `nats-server -t -c nats-config/accounts.conf` checks this file; the nats-config tests run the",
        "# framework as each user against it and check what the server refuses.",
        "", ""));
  }
}
