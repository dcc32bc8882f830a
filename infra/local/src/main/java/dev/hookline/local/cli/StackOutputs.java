package dev.hookline.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A deployed stack's outputs (table names, queue URLs, secret ARNs, the webhook URL), read with the
 * AWS CLI: {@code aws cloudformation describe-stacks}. The CLI, not the SDK, because the
 * CloudFormation SDK module would be one more dependency for one call, and whoever deployed with
 * {@code sam deploy} has the AWS CLI configured with the same profile and region.
 */
final class StackOutputs {
    private StackOutputs() {
    }

    static Map<String, String> describe(String stack, String region) {
        List<String> command = new ArrayList<>(List.of("aws", "cloudformation", "describe-stacks", "--stack-name",
                stack, "--output", "json"));
        if (region != null) {
            command.addAll(List.of("--region", region));
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CommandException("--stack needs the AWS CLI (aws) on PATH to read the stack's outputs; "
                    + "install it, or set the environment variables instead (see hookline --help)");
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CommandException("aws cloudformation describe-stacks did not answer within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new CommandException("aws cloudformation describe-stacks --stack-name " + stack + " failed: "
                        + output.trim());
            }
            return parse(output, stack);
        } catch (IOException e) {
            throw new CommandException("cannot read the AWS CLI's answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted");
        }
    }

    /** OutputKey to OutputValue of the first stack in a describe-stacks answer. */
    static Map<String, String> parse(String json, String stack) {
        JsonNode root = Json.parseOrNull(json);
        JsonNode stacks = root == null ? null : root.get("Stacks");
        if (stacks == null || !stacks.isArray() || stacks.isEmpty()) {
            throw new CommandException("stack " + stack + " not found");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        JsonNode list = stacks.get(0).get("Outputs");
        if (list != null) {
            list.forEach(o -> outputs.put(o.path("OutputKey").asText(), o.path("OutputValue").asText()));
        }
        return outputs;
    }
}
