package dev.hookline.local.cli;

import dev.hookline.core.config.Settings;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The {@code hookline} command line ({@code bin/hookline} runs it). Exit codes: 0 done, 1 the
 * command failed (no runtime, unknown endpoint, a non-2xx answer to {@code send}), 2 the command
 * line is wrong (the message says what, then the usage).
 */
public final class HooklineCli {
    static final String HELP = """
            Usage: hookline <command> [options]      (every command takes --help)

            Commands:
              local                 run the whole system on this machine (127.0.0.1:3000)
              send <source> <file>  sign a payload as the source's provider would and POST it
              event <source> <file> print the signed API Gateway event instead (for sam local invoke -e)
              invoke <function> --event FILE
                                    run a function's jar once under the Lambda Java runtime (sam local invoke,
                                    without Docker) against the local runtime's tables and queues
              endpoints ...         add | list | show | disable | enable | rotate-secret | secret
              deliveries ...        list [--status S] [--endpoint E] | show <id>
              dlq redrive <inbound|deliveries>
                                    move dead-lettered messages back to their queue

            By default the commands act on the local runtime started with `hookline local` (found through
            .hookline/data/runtime.json; --data-dir DIR for another). With --stack NAME (or HOOKLINE_STACK) they
            act on a deployed stack, its table names, queue URLs and secrets read from the stack's outputs with
            the AWS CLI; with --aws (or HOOKLINE_TARGET=aws) from the environment variables the functions use
            (ENDPOINTS_TABLE, DELIVERIES_TABLE, INBOUND_QUEUE_URL, INBOUND_DLQ_URL, DELIVERIES_QUEUE_URL,
            DELIVERIES_DLQ_URL, SIGNING_KEY_SECRET_ID, HOOKLINE_CONFIG_SECRET_ID), which also override the
            outputs. Credentials and region come from the usual AWS settings (AWS_PROFILE, AWS_REGION...).
            """;
    private static final Set<String> COMMON = Set.of("data-dir", "stack");
    private static final Set<String> TARGETED = Set.of("data-dir", "stack", "status", "endpoint", "limit", "types",
            "description", "reason");

    private HooklineCli() {
    }

    public static void main(String[] args) {
        int code = run(List.of(args), System.out, System.err, Settings.fromEnvironment());
        if (code != LocalCommand.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    public static int run(List<String> args, PrintStream out, PrintStream err, Settings env) {
        if (args.isEmpty()) {
            err.print(HELP);
            return 2;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        String help = switch (command) {
            case "send" -> SendCommand.HELP;
            case "event" -> EventCommand.HELP;
            case "invoke" -> InvokeCommand.HELP;
            case "endpoints" -> EndpointsCommand.HELP;
            case "deliveries" -> DeliveriesCommand.HELP;
            case "dlq" -> DlqCommand.HELP;
            case "local" -> LocalCommand.HELP;
            default -> HELP;
        };
        try {
            return switch (command) {
                case "-h", "--help", "help" -> {
                    out.print(HELP);
                    yield 0;
                }
                case "send" -> SendCommand.run(Args.parse(rest, SendCommand.OPTIONS, Set.of("aws")), env, out);
                case "event" -> EventCommand.run(Args.parse(rest, EventCommand.OPTIONS, Set.of()), out);
                case "invoke" -> InvokeCommand.run(Args.parse(rest, InvokeCommand.OPTIONS, InvokeCommand.SWITCHES),
                        out, err);
                case "endpoints" -> EndpointsCommand.run(Args.parse(rest, TARGETED, Set.of("aws")), env, out);
                case "deliveries" -> DeliveriesCommand.run(Args.parse(rest, TARGETED, Set.of("aws")), env, out);
                case "dlq" -> DlqCommand.run(Args.parse(rest, COMMON, Set.of("aws")), env, out);
                case "local" -> LocalCommand.run(Args.parse(rest, LocalCommand.OPTIONS, Set.of()), out);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("hookline: " + e.getMessage());
            err.println();
            err.print(help);
            return 2;
        } catch (CommandException e) {
            err.println("hookline: " + e.getMessage());
            return 1;
        } catch (SdkException e) {
            err.println("hookline: AWS call failed: " + e.getMessage());
            return 1;
        }
    }
}
