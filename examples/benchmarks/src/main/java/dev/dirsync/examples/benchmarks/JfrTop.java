package dev.dirsync.examples.benchmarks;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hottest frames of a JFR recording's CPU samples ({@code jdk.ExecutionSample}): by self time, and inclusive
 * for dirsync's, the JDBC drivers' and JDBI's frames (share of all samples whose stack holds the method).
 * {@code JfrTop --file=x.jfr [--top=30]}
 */
public final class JfrTop {
    private JfrTop() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int top = Integer.parseInt(a.getOrDefault("top", "30"));
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a.get("file")))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
        }
        System.out.println("CPU samples: " + samples);
        print("self", self, samples, top, n -> true);
        print("inclusive (dirsync, demo, JDBI, JDBC drivers, Hikari)", inclusive, samples, top,
                n -> n.startsWith("dev.dirsync") || n.startsWith("org.jdbi") || n.startsWith("org.h2")
                        || n.startsWith("org.postgresql") || n.startsWith("com.zaxxer"));
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top,
                              java.util.function.Predicate<String> keep) {
        System.out.println("--- " + title);
        counts.entrySet().stream().filter(x -> keep.test(x.getKey()))
                .sorted((x, y) -> y.getValue() - x.getValue()).limit(top)
                .forEach(x -> System.out.printf(java.util.Locale.ROOT, "%5.1f%%  %s%n", 100.0 * x.getValue() / samples,
                        x.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
