package dev.hookline.bench.coldstart;

import java.util.Map;

/** {@link FunctionProbe} for the hello-world handler: same marks, classpath of aws-lambda-java-core only. */
public final class HelloProbe {
    public static void main(String[] args) {
        long main = System.currentTimeMillis();
        HelloHandler handler = new HelloHandler();
        long constructed = System.currentTimeMillis();
        String answer = handler.handleRequest(Map.of("name", "bench"), null);
        long responded = System.currentTimeMillis();
        System.out.println("COLDSTART fn=hello mode=lambda http=none main=" + main + " constructed=" + constructed
                + " responded=" + responded + " status=" + (answer.equals("hello bench") ? 200 : 500));
        System.out.flush();
        System.exit(0);
    }
}
