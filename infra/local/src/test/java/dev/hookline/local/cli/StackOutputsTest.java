package dev.hookline.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StackOutputsTest {
    @Test
    void readsTheOutputsOfADescribeStacksAnswer() {
        String answer = """
                {"Stacks": [{"StackName": "hookline", "Outputs": [
                  {"OutputKey": "EndpointsTableName", "OutputValue": "hookline-endpoints-abc"},
                  {"OutputKey": "WebhookUrl", "OutputValue": "https://x.execute-api.eu-west-1.amazonaws.com/prod/webhooks/{source}"}
                ]}]}""";
        assertEquals(Map.of("EndpointsTableName", "hookline-endpoints-abc",
                        "WebhookUrl", "https://x.execute-api.eu-west-1.amazonaws.com/prod/webhooks/{source}"),
                StackOutputs.parse(answer, "hookline"));
    }

    @Test
    void saysWhenTheStackIsNotThere() {
        CommandException e = assertThrows(CommandException.class, () -> StackOutputs.parse("{\"Stacks\":[]}", "nope"));
        assertEquals("stack nope not found", e.getMessage());
    }
}
