package dev.hookline.bench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateMemoryTest {
    @Test
    void readsEachFunctionsMemoryFromItsResource() {
        Map<String, Integer> memory = TemplateMemory.parse(List.of(
                "Globals:",
                "  Function:",
                "    MemorySize: 512",
                "Resources:",
                "  ReceiverFunction:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      Handler: dev.hookline.receiver.ReceiverHandler::handleRequest",
                "      MemorySize: 2048",
                "  ProcessorFunction:",
                "    Properties:",
                "      MemorySize: 1536",
                "      Handler: dev.hookline.processor.ProcessorHandler::handleRequest",
                "  SenderFunction:",
                "    Properties:",
                "      Handler: dev.hookline.sender.SenderHandler::handleRequest",
                "Outputs:",
                "  Url:",
                "    MemorySize: 1"));
        assertEquals(2048, memory.get("receiver"));
        assertEquals(1536, memory.get("processor"));
        assertEquals(512, memory.get("sender"), "no MemorySize of its own: the Globals one");
    }

    @Test
    void readsTheProjectsTemplate() {
        Path template = Path.of("../template.yaml");
        assertTrue(Files.exists(template));
        Map<String, Integer> memory = TemplateMemory.read(template);
        for (String fn : List.of("receiver", "processor", "sender")) {
            assertTrue(memory.get(fn) >= 128 && memory.get(fn) <= 10240, fn + ": " + memory.get(fn));
        }
    }
}
