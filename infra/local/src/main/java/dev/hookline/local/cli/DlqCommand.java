package dev.hookline.local.cli;

import dev.hookline.core.config.EnvVars;
import dev.hookline.core.config.Settings;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code hookline dlq redrive <inbound|deliveries>}. Inbound uses SQS's own redrive
 * (StartMessageMoveTask, which ElasticMQ 1.7 implements too): the processor sees the events afresh.
 * Deliveries go through {@link DeliveryRedrive}, which moves them and says how many will run again
 * (SQS's move task would do too: the sender recognises its own dead-lettered copies).
 */
final class DlqCommand {
    static final String HELP = """
            Usage: hookline dlq redrive <inbound|deliveries> [options]

            Moves every message in the queue's dead-letter queue back to the queue and prints how many moved.
              inbound     SQS StartMessageMoveTask; the processor routes the events again
              deliveries  each message is sent back to the deliveries queue and removed from the DLQ; the
                          sender delivers each DEAD or SKIPPED delivery again with a fresh attempt budget
                          (its attempt log is kept). Fix the cause first (enable the endpoint, fix its URL).

            Options:
              --data-dir DIR   the local runtime's data dir (default .hookline/data)
              --stack NAME     act on a deployed stack (queue URLs from its outputs, via the AWS CLI)
              --aws            act on AWS with INBOUND_QUEUE_URL/INBOUND_DLQ_URL or DELIVERIES_QUEUE_URL/
                               DELIVERIES_DLQ_URL (and DELIVERIES_TABLE) from the environment
            """;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private DlqCommand() {
    }

    static int run(Args args, Settings env, PrintStream out) {
        if (args.helpOrMissingCommand(HELP, out)) {
            return 0;
        }
        List<String> p = args.positionals();
        if (!p.get(0).equals("redrive")) {
            throw new UsageException("unknown dlq command '" + p.get(0) + "'");
        }
        String which = Args.parse(p.subList(1, p.size()), java.util.Set.of(), java.util.Set.of())
                .expect("inbound|deliveries").get(0);
        if (!which.equals("inbound") && !which.equals("deliveries")) {
            throw new UsageException("dlq redrive takes inbound or deliveries, not '" + which + "'");
        }
        Target target = Target.resolve(args, env);
        boolean inbound = which.equals("inbound");
        String queueUrl = Target.need(inbound ? target.resources.inboundQueueUrl() : target.resources.deliveriesQueueUrl(),
                inbound ? EnvVars.INBOUND_QUEUE_URL : EnvVars.DELIVERIES_QUEUE_URL);
        String dlqUrl = Target.need(inbound ? target.resources.inboundDlqUrl() : target.resources.deliveriesDlqUrl(),
                inbound ? "INBOUND_DLQ_URL" : EnvVars.DELIVERIES_DLQ_URL);
        String queueArn = arn(target, queueUrl);
        String dlqArn = arn(target, dlqUrl);
        String waiting = target.sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        if ("0".equals(waiting)) {
            out.println(which + "-dlq is empty: nothing to redrive");
            return 0;
        }
        if (!inbound) {
            DeliveryRedrive.Outcome outcome = new DeliveryRedrive(target.sqs, target.dynamo,
                    Target.need(target.resources.deliveriesTable(), EnvVars.DELIVERIES_TABLE)).run(dlqUrl, queueUrl);
            out.println("moved " + outcome.moved() + " message(s) from deliveries-dlq back to deliveries ("
                    + outcome.rerun() + " dead or skipped deliveries will run again)"
                    + (outcome.unreadable() == 0 ? "" : "; " + outcome.unreadable() + " unreadable left in the DLQ"));
            return outcome.unreadable() == 0 ? 0 : 1;
        }
        String handle = target.sqs.startMessageMoveTask(b -> b.sourceArn(dlqArn).destinationArn(queueArn)).taskHandle();
        out.println("moving about " + waiting + " message(s) from " + which + "-dlq back to " + which
                + " (task " + handle + ")");
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<ListMessageMoveTasksResultEntry> tasks = target.sqs.listMessageMoveTasks(b -> b.sourceArn(dlqArn)
                    .maxResults(10)).results();
            ListMessageMoveTasksResultEntry task = tasks.stream().filter(t -> handle.equals(t.taskHandle())).findFirst()
                    .orElse(tasks.isEmpty() ? null : tasks.get(0));
            if (task != null && !"RUNNING".equals(task.status())) {
                out.println(task.status() + ": moved " + task.approximateNumberOfMessagesMoved() + " message(s)"
                        + (task.failureReason() == null ? "" : " (" + task.failureReason() + ")"));
                return "COMPLETED".equals(task.status()) ? 0 : 1;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandException("interrupted; the move task " + handle + " goes on");
            }
        }
        out.println("the move is still running after " + WAIT.toSeconds() + " s; it goes on (task " + handle + ")");
        return 0;
    }

    private static String arn(Target target, String url) {
        return target.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
