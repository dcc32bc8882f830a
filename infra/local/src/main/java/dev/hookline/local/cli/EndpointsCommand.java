package dev.hookline.local.cli;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.endpoints.Endpoint;
import dev.hookline.core.endpoints.EndpointNotFoundException;
import dev.hookline.core.endpoints.EndpointRegistry;
import dev.hookline.core.endpoints.EndpointUrlPolicy;
import dev.hookline.core.signing.EndpointSecrets;
import dev.hookline.core.signing.SigningKey;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** {@code hookline endpoints ...}: the endpoints table through {@link EndpointRegistry}. */
final class EndpointsCommand {
    static final String HELP = """
            Usage: hookline endpoints <command> [options]

            Commands:
              add <id> <url> [--types T1,T2] [--description D]
                                     register an endpoint (event types default to *: everything)
              list                   every endpoint with its status
              show <id>              one endpoint in full
              disable <id> [--reason R]
                                     stop deliveries (they are recorded SKIPPED, kept for replay)
              enable <id>            resume deliveries and reset the failure counters
              rotate-secret <id>     new secret version; the previous one keeps signing for the grace period
              secret <id>            the current signing secret (whsec_...), for the receiver to verify with

            Options (all commands):
              --data-dir DIR         the local runtime's data dir (default .hookline/data)
              --stack NAME           act on a deployed stack (names from its outputs, via the AWS CLI)
              --aws                  act on AWS with names from ENDPOINTS_TABLE etc.; credentials and region
                                     from the usual AWS settings
            """;

    private EndpointsCommand() {
    }

    static int run(Args args, Settings env, PrintStream out) {
        if (args.helpOrMissingCommand(HELP, out)) {
            return 0;
        }
        List<String> p = args.positionals();
        String command = p.get(0);
        Args rest = Args.parse(p.subList(1, p.size()), java.util.Set.of(), java.util.Set.of());
        if (!List.of("add", "list", "show", "disable", "enable", "rotate-secret", "secret").contains(command)) {
            throw new UsageException("unknown endpoints command '" + command + "'");
        }
        List<String> positionals = switch (command) {
            case "add" -> rest.expect("id", "url");
            case "list" -> rest.expect();
            default -> rest.expect("id");
        };
        Target target = Target.resolve(args, env);
        EndpointRegistry registry = new EndpointRegistry(target.dynamo,
                Target.need(target.resources.endpointsTable(), EnvVars.ENDPOINTS_TABLE),
                new EndpointUrlPolicy(target.allowHttp), Clock.systemUTC());
        try {
            switch (command) {
                case "add" -> {
                    List<String> types = Arrays.stream(args.option("types", "*").split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList();
                    Endpoint created = registry.create(positionals.get(0), positionals.get(1), types,
                            args.option("description"));
                    out.println("added " + created.id() + " -> " + created.url() + " " + created.eventTypes());
                    out.println("its secret: bin/hookline endpoints secret " + created.id());
                }
                case "list" -> {
                    List<Endpoint> all = registry.list();
                    if (all.isEmpty()) {
                        out.println("no endpoints (add one: bin/hookline endpoints add <id> <url>)");
                    }
                    for (Endpoint e : all) {
                        out.printf("%-20s %-8s %-40s %s%n", e.id(), e.status(), e.url(), String.join(",", e.eventTypes()));
                    }
                }
                case "show" -> print(registry.require(positionals.get(0)), out);
                case "disable" -> out.println("disabled " + registry.disable(positionals.get(0),
                        args.option("reason", "operator")).id());
                case "enable" -> out.println("enabled " + registry.enable(positionals.get(0)).id());
                case "rotate-secret" -> {
                    Endpoint rotated = registry.rotateSecret(positionals.get(0));
                    out.println("rotated " + rotated.id() + " to secret version " + rotated.secretVersion()
                            + "; version " + rotated.previousSecretVersion() + " keeps signing for the grace period");
                }
                case "secret" -> {
                    Endpoint endpoint = registry.require(positionals.get(0));
                    EndpointSecrets secrets = new EndpointSecrets(SigningKey.parse(target.signingKey()));
                    out.println(secrets.secret(endpoint.id(), endpoint.secretVersion()));
                    List<String> active = secrets.active(endpoint, Clock.systemUTC().instant(), grace(env));
                    if (active.size() > 1) {
                        System.err.println("(version " + endpoint.previousSecretVersion()
                                + " still signs too during the grace period: " + active.get(1) + ")");
                    }
                }
                default -> throw new UsageException("unknown endpoints command '" + command + "'");
            }
        } catch (EndpointNotFoundException e) {
            throw new CommandException(e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandException(e.getMessage());
        }
        return 0;
    }

    static Duration grace(Settings env) {
        return Duration.ofHours(env.number(EnvVars.SECRET_GRACE_HOURS, 24, 0, 24 * 30));
    }

    private static void print(Endpoint e, PrintStream out) {
        out.println("id:             " + e.id());
        out.println("url:            " + e.url());
        out.println("event types:    " + String.join(", ", e.eventTypes()));
        out.println("status:         " + e.status() + (e.disabledReason() == null ? "" : " (" + e.disabledReason() + ")"));
        if (e.description() != null) {
            out.println("description:    " + e.description());
        }
        out.println("secret version: " + e.secretVersion()
                + (e.previousSecretVersion() == null ? "" : " (previous " + e.previousSecretVersion()
                + ", rotated " + e.secretRotatedAt() + ")"));
        out.println("failures:       " + e.consecutiveFailures() + " in a row"
                + (e.failingSince() == null ? "" : ", failing since " + e.failingSince())
                + (e.circuitOpenUntil() == null ? "" : ", circuit open until " + e.circuitOpenUntil()));
        out.println("created:        " + e.createdAt());
        out.println("updated:        " + e.updatedAt());
    }
}
