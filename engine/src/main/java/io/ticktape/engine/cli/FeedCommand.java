package io.ticktape.engine.cli;

import io.ticktape.engine.EngineConfig;
import io.ticktape.engine.FeedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ticktape feed --pcap FILE --format mdp3}: a capture through the whole pipeline into the journal.
 */
@Command(name = "feed", mixinStandardHelpOptions = true,
    description = "Decode a packet capture through the pipeline (arbitration, sequencer, kernel) into the journal.")
final class FeedCommand implements Callable<Integer>
{
    @Option(names = "--pcap", required = true, description = "Capture file (pcap or pcapng).")
    Path pcap;

    @Option(names = "--format", defaultValue = "mdp3", description = "Packet format: mdp3 | ticktape.")
    String format;

    @Option(names = "--pace", defaultValue = "max", description = "max | realtime | Nx (N times captured pace).")
    String pace;

    @Option(names = "--lines", split = ",",
        description = "Only these host:port endpoints (A,B), all as one channel; default: every UDP datagram, " +
            "channel = destination port mod 1000 (CME's A/B port convention).")
    List<String> lines;

    @Option(names = "--channel", defaultValue = "1", description = "Channel id for --lines.")
    int channel;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default ./data).")
    String dataDir;

    @Option(names = "--config", description = "Engine configuration to start from (its simulator is turned off).")
    Path config;

    @Option(names = "--summary-json", description = "Write the final summary as JSON to this file.")
    Path summaryJson;

    @Override
    public Integer call()
    {
        if (!Files.isReadable(pcap))
        {
            throw new IllegalArgumentException("cannot read capture " + pcap);
        }
        final EngineConfig engine = null == config ? new EngineConfig() : EngineConfig.load(config);
        engine.dataDir = dataDir;
        engine.simulator.enabled = false;
        final FeedConfig feed = new FeedConfig();
        feed.name = "pcap";
        feed.format = format;
        feed.transport = "pcap";
        feed.file = pcap.toString();
        feed.pace = pace;
        feed.channelId = channel;
        if (null != lines)
        {
            feed.lines = lines;
        }
        engine.feeds = List.of(feed);
        engine.withDefaults().validate();
        return new EngineSession(engine, System.out).run(Long.MAX_VALUE, summaryJson, "feed");
    }
}
