package io.dpsynth.nifi.flow.run;

import io.dpsynth.nifi.flow.FlowDefinition;
import io.dpsynth.nifi.flow.FlowValidator;
import org.apache.nifi.flow.ConnectableComponent;
import org.apache.nifi.flow.ConnectableComponentType;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedPort;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.util.MockFlowFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Runs a flow definition in-process: the real processors and controller services, configured with the
 * definition's properties (parameters resolved), each driven by a nifi-mock TestRunner. The source processors
 * (no incoming connection) are triggered once; then every processor with queued FlowFiles is triggered, in
 * the order of the connections, and its output moved along the connections, until no FlowFile moves.
 * FlowFiles reaching an output port are written under {@code outputs/}. The services' cluster state (the
 * privacy ledger) is kept in {@code ledger.json} and every provenance event in {@code provenance.jsonl}.
 */
public final class FlowRun {

    public static final String LEDGER_FILE = "ledger.json";
    public static final String PROVENANCE_FILE = "provenance.jsonl";
    public static final String OUTPUTS_FOLDER = "outputs";
    private static final int MAX_ROUNDS = 100_000;

    /** What a run produced: FlowFiles per output port, provenance events written, FlowFiles left in queues. */
    public record Result(Map<String, Integer> leftThroughPorts, int provenanceEvents, Map<String, Integer> stuckInQueues) {
    }

    private final FlowDefinition flow;
    private final RunListener listener;
    private final Map<String, ProcessorNode> nodes = new LinkedHashMap<>();
    private final Map<String, String> ports = new HashMap<>();
    private final Map<String, List<VersionedConnection>> outgoing = new HashMap<>();
    private final Map<String, Integer> leftThroughPorts = new TreeMap<>();
    private OutputPortSink sink;
    private ProvenanceTrail trail;

    private FlowRun(FlowDefinition flow, RunListener listener) {
        this.flow = flow;
        this.listener = listener;
    }

    public static Result run(FlowDefinition flow, Map<String, String> parameters, Path outputFolder, RunListener listener)
            throws IOException {
        List<String> problems = FlowValidator.problems(flow);
        if (!problems.isEmpty()) {
            throw new FlowRunException("the flow definition is not valid:\n  - " + String.join("\n  - ", problems));
        }
        return new FlowRun(flow, listener).execute(parameters, outputFolder);
    }

    private Result execute(Map<String, String> parameters, Path outputFolder) throws IOException {
        Path ledgerFile = outputFolder.resolve(LEDGER_FILE);
        sink = new OutputPortSink(outputFolder.resolve(OUTPUTS_FOLDER));
        for (VersionedConnection connection : flow.connections()) {
            outgoing.computeIfAbsent(connection.getSource().getId(), id -> new ArrayList<>()).add(connection);
        }
        if (flow.group().getOutputPorts() != null) {
            flow.group().getOutputPorts().forEach(p -> ports.put(p.getIdentifier(), ((VersionedPort) p).getName()));
        }
        Set<String> withInput = new HashSet<>();
        flow.connections().forEach(c -> withInput.add(c.getDestination().getId()));
        try (SharedServices services = new SharedServices(flow, parameters, ledgerFile);
             ProvenanceTrail provenance = new ProvenanceTrail(outputFolder.resolve(PROVENANCE_FILE), UUID.randomUUID().toString())) {
            trail = provenance;
            try {
                services.enableAll(listener);
                for (VersionedProcessor processor : inConnectionOrder(withInput)) {
                    nodes.put(processor.getIdentifier(), new ProcessorNode(processor, parameters, services, withInput.contains(processor.getIdentifier())));
                }
                for (ProcessorNode node : nodes.values()) {
                    if (!withInput.contains(node.identifier())) {
                        trigger(node);
                    }
                }
                drain();
            } finally {
                nodes.values().forEach(ProcessorNode::stop);
                services.saveState(ledgerFile);
            }
            Map<String, Integer> stuck = new TreeMap<>();
            nodes.values().stream().filter(n -> n.queued() > 0).forEach(n -> stuck.put(n.name(), n.queued()));
            return new Result(leftThroughPorts, provenance.written(), stuck);
        }
    }

    /** Sources first, then breadth-first along the connections: upstream processors are triggered before downstream ones. */
    private List<VersionedProcessor> inConnectionOrder(Set<String> withInput) {
        Map<String, VersionedProcessor> byId = new LinkedHashMap<>();
        flow.processors().forEach(p -> byId.put(p.getIdentifier(), p));
        List<VersionedProcessor> ordered = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        byId.keySet().stream().filter(id -> !withInput.contains(id)).forEach(queue::add);
        while (!queue.isEmpty()) {
            String id = queue.poll();
            if (!seen.add(id)) {
                continue;
            }
            if (byId.containsKey(id)) {
                ordered.add(byId.get(id));
            }
            outgoing.getOrDefault(id, List.of()).forEach(c -> queue.add(c.getDestination().getId()));
        }
        byId.values().stream().filter(p -> !seen.contains(p.getIdentifier())).forEach(ordered::add);
        return ordered;
    }

    private void drain() throws IOException {
        Set<String> holding = new HashSet<>(); // took FlowFiles without emitting: may hold them in bins (MergeRecord)
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean moved = false;
            boolean due = false;
            for (ProcessorNode node : nodes.values()) {
                if (node.queued() == 0 && !holding.contains(node.identifier())) {
                    continue;
                }
                due = true;
                int before = node.queued();
                int emitted = trigger(node);
                int taken = Math.max(0, before - node.queued());
                moved |= taken > 0 || emitted > 0;
                if (taken > 0 && emitted == 0) {
                    holding.add(node.identifier());
                } else if (emitted > 0 || taken == 0) {
                    holding.remove(node.identifier());
                }
            }
            if (!due || !moved) {
                return;
            }
        }
        throw new FlowRunException("the flow did not settle after " + MAX_ROUNDS + " rounds (a loop in the connections?)");
    }

    /** Triggers once and moves the output along the connections; returns how many FlowFiles it emitted. */
    private int trigger(ProcessorNode node) throws IOException {
        long start = System.nanoTime();
        int before = node.queued();
        Map<Relationship, List<MockFlowFile>> output = node.trigger();
        for (ProvenanceEventRecord event : node.takeProvenanceEvents()) {
            trail.record(node, event);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        int emitted = 0;
        for (Map.Entry<Relationship, List<MockFlowFile>> entry : output.entrySet()) {
            String relationship = entry.getKey().getName();
            counts.put(relationship, entry.getValue().size());
            for (MockFlowFile flowFile : entry.getValue()) {
                emitted++;
                route(node.identifier(), relationship, flowFile.toByteArray(), flowFile.getAttributes());
            }
        }
        listener.triggered(node.name(), Math.max(0, before - node.queued()), counts, (System.nanoTime() - start) / 1_000_000);
        return emitted;
    }

    private void route(String sourceId, String relationship, byte[] content, Map<String, String> attributes) throws IOException {
        for (VersionedConnection connection : outgoing.getOrDefault(sourceId, List.of())) {
            boolean fromFunnel = !nodes.containsKey(sourceId);
            if (fromFunnel || connection.getSelectedRelationships().contains(relationship)) {
                deliver(connection.getDestination(), content, attributes);
            }
        }
    }

    private void deliver(ConnectableComponent destination, byte[] content, Map<String, String> attributes) throws IOException {
        if (destination.getType() == ConnectableComponentType.PROCESSOR) {
            nodes.get(destination.getId()).enqueue(content, attributes);
        } else if (destination.getType() == ConnectableComponentType.OUTPUT_PORT) {
            String port = ports.get(destination.getId());
            Path file = sink.write(port, content, attributes);
            leftThroughPorts.merge(port, 1, Integer::sum);
            listener.leftFlow(port, file, attributes);
        } else if (destination.getType() == ConnectableComponentType.FUNNEL) {
            route(destination.getId(), "", content, attributes);
        } else {
            throw new FlowRunException("connections to " + destination.getType() + " are not supported by the runner");
        }
    }
}
