package dev.hookline.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import dev.hookline.core.deliveries.DeliveryAttributes;
import dev.hookline.core.deliveries.DeliveryLog;
import dev.hookline.core.deliveries.DeliveryStatus;
import dev.hookline.core.json.Json;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code hookline deliveries list|show}: the delivery log, newest first, through the table's indexes. */
final class DeliveriesCommand {
    static final String HELP = """
            Usage: hookline deliveries <command> [options]

            Commands:
              list [--status S] [--endpoint E] [--limit N]
                                 newest deliveries first; S is one of PENDING, RETRYING, SUCCEEDED, DEAD, SKIPPED
                                 (index byStatus), E an endpoint id (index byEndpoint); default limit 20
              show <id>          one delivery with every attempt (time, status code, duration, error, response)

            Options (all commands):
              --data-dir DIR     the local runtime's data dir (default .hookline/data)
              --stack NAME       act on a deployed stack (names from its outputs, via the AWS CLI)
              --aws              act on AWS with DELIVERIES_TABLE from the environment
            """;

    private DeliveriesCommand() {
    }

    static int run(Args args, Settings env, PrintStream out) {
        if (args.helpOrMissingCommand(HELP, out)) {
            return 0;
        }
        List<String> p = args.positionals();
        String command = p.get(0);
        Args rest = Args.parse(p.subList(1, p.size()), java.util.Set.of(), java.util.Set.of());
        switch (command) {
            case "list" -> {
                rest.expect();
                String status = args.option("status");
                if (status != null) {
                    status = status.toUpperCase(java.util.Locale.ROOT);
                    String s = status;
                    if (Arrays.stream(DeliveryStatus.values()).noneMatch(v -> v.name().equals(s))) {
                        throw new UsageException("--status must be one of " + Arrays.stream(DeliveryStatus.values())
                                .map(Enum::name).collect(Collectors.joining(", ")));
                    }
                }
                int limit = args.intOption("limit", 20, 1, 1000);
                Target target = Target.resolve(args, env);
                list(target, status, args.option("endpoint"), limit, out);
            }
            case "show" -> {
                String id = rest.expect("id").get(0);
                Target target = Target.resolve(args, env);
                Map<String, AttributeValue> item = log(target).item(id).orElseThrow(() ->
                        new CommandException("no delivery '" + id + "' (list them: bin/hookline deliveries list)"));
                out.println(Json.MAPPER.valueToTree(toJson(item)).toPrettyString());
            }
            default -> throw new UsageException("unknown deliveries command '" + command + "'");
        }
        return 0;
    }

    private static void list(Target target, String status, String endpoint, int limit, PrintStream out) {
        List<Map<String, AttributeValue>> items = log(target).list(
                status == null ? null : DeliveryStatus.valueOf(status), endpoint, limit);
        if (items.isEmpty()) {
            out.println("no deliveries" + (status != null ? " with status " + status : "")
                    + (endpoint != null ? " for endpoint " + endpoint : ""));
            return;
        }
        out.printf("%-10s %-8s %-6s %-25s %-16s %s%n", "STATUS", "ATTEMPTS", "LAST", "CREATED", "ENDPOINT", "ID");
        for (Map<String, AttributeValue> item : items) {
            long created = number(item, DeliveryAttributes.CREATED_AT);
            out.printf("%-10s %-8s %-6s %-25s %-16s %s%n", text(item, DeliveryAttributes.STATUS),
                    number(item, DeliveryAttributes.ATTEMPTS), item.containsKey(DeliveryAttributes.LAST_STATUS_CODE)
                            ? number(item, DeliveryAttributes.LAST_STATUS_CODE) : "-",
                    created == 0 ? "-" : Instant.ofEpochMilli(created).toString(),
                    text(item, DeliveryAttributes.ENDPOINT_ID), text(item, DeliveryAttributes.PK));
        }
    }

    private static DeliveryLog log(Target target) {
        return new DeliveryLog(target.dynamo, Target.need(target.resources.deliveriesTable(), EnvVars.DELIVERIES_TABLE),
                java.time.Clock.systemUTC());
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "-" : v.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : new BigDecimal(v.n()).longValue();
    }

    /** A DynamoDB item as plain JSON; epoch-millisecond times get an ISO twin for people. */
    static JsonNode toJson(Map<String, AttributeValue> item) {
        ObjectNode node = Json.object();
        item.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            node.set(e.getKey(), value(e.getValue()));
            if (List.of(DeliveryAttributes.CREATED_AT, DeliveryAttributes.UPDATED_AT, DeliveryAttributes.NEXT_ATTEMPT_AT,
                    "at").contains(e.getKey()) && e.getValue().n() != null) {
                node.put(e.getKey() + "Iso", Instant.ofEpochMilli(new BigDecimal(e.getValue().n()).longValue()).toString());
            }
        });
        return node;
    }

    private static JsonNode value(AttributeValue v) {
        if (v.s() != null) {
            return Json.MAPPER.getNodeFactory().textNode(v.s());
        }
        if (v.n() != null) {
            // DynamoDB may hand numbers back normalised (200 as 2E+2): print whole numbers as such.
            BigDecimal n = new BigDecimal(v.n());
            try {
                return Json.MAPPER.getNodeFactory().numberNode(n.longValueExact());
            } catch (ArithmeticException notWhole) {
                return Json.MAPPER.getNodeFactory().numberNode(n.doubleValue());
            }
        }
        if (v.bool() != null) {
            return Json.MAPPER.getNodeFactory().booleanNode(v.bool());
        }
        if (v.hasM()) {
            return toJson(v.m());
        }
        if (v.hasL()) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            v.l().forEach(x -> array.add(value(x)));
            return array;
        }
        if (v.hasSs()) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            v.ss().forEach(array::add);
            return array;
        }
        return Json.MAPPER.getNodeFactory().nullNode();
    }
}
