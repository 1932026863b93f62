package org.casegraph.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs a real Neo4j Community DBMS in this JVM with only the Bolt connector,
 * listening on a loopback address. casegraph starts this as a child process.
 *
 * <p>Protocol with the parent: one line "casegraph-neo4j ready bolt://host:port"
 * on stdout once the default database is available. The DBMS shuts down cleanly
 * on SIGTERM/SIGINT (JVM shutdown hook) and, with --exit-on-stdin-eof, when the
 * parent closes our stdin (which also happens when the parent dies).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("casegraph-neo4j: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(opts);
        } catch (Throwable t) {
            System.err.println("casegraph-neo4j: failed to start Neo4j: " + t);
            t.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private static void run(Options opts) throws Exception {
        Files.createDirectories(opts.home);
        long started = System.nanoTime();

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(opts.home);
        builder.setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(opts.host, opts.port))
                // The routing table names the advertised address; without this it
                // says localhost:7687 whatever --bolt says, and a neo4j:// client
                // would be routed to whichever server holds 7687.
                .setConfig(BoltConnector.advertised_address, new SocketAddress(opts.host, opts.port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, opts.pageCacheBytes)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "128M size")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Nothing but casegraph talks to this instance, so there is no
                // reason to wait the default seconds for idle Bolt clients on stop.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));
        if (opts.importDir != null) {
            Files.createDirectories(opts.importDir);
            builder.setConfig(GraphDatabaseSettings.allow_file_urls, true)
                    .setConfig(GraphDatabaseSettings.load_csv_file_url_root, opts.importDir);
        }
        if (opts.pluginsDir != null) {
            // Graph Data Science: its procedures are registered from the
            // plugin folder (its jars are on our classpath too, where Neo4j
            // finds its extension), and they need unrestricted access.
            builder.setConfig(GraphDatabaseSettings.plugin_dir, opts.pluginsDir)
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        }
        DatabaseManagementService dbms = builder.build();

        AtomicBoolean stopped = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(1);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                System.out.println("casegraph-neo4j stopping");
                dbms.shutdown();
                System.out.println("casegraph-neo4j stopped");
                System.out.flush();
            }
            done.countDown();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "casegraph-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(5).toMillis())) {
            throw new IllegalStateException("default database did not become available within 5 minutes");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("casegraph-neo4j ready bolt://%s:%d (Neo4j %s, started in %d ms)%n",
                opts.host, opts.port, neo4jVersion(), millis);
        System.out.flush();

        if (opts.exitOnStdinEof) {
            Thread watcher = new Thread(() -> {
                waitForEof(System.in);
                System.out.println("casegraph-neo4j: parent closed stdin");
                System.exit(0); // runs the shutdown hook
            }, "casegraph-neo4j-parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        done.await();
    }

    private static void waitForEof(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException ignored) {
            // a broken pipe means the parent is gone
        }
    }

    private static String neo4jVersion() {
        String v = GraphDatabaseSettings.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /** Command-line options; every value has a safe default for a loopback instance. */
    static final class Options {
        static final String USAGE = "usage: casegraph-neo4j --home DIR [--bolt 127.0.0.1:7687] "
                + "[--pagecache 512m] [--import-dir DIR] [--plugins DIR] [--exit-on-stdin-eof]";

        Path home;
        String host = "127.0.0.1";
        int port = 7687;
        long pageCacheBytes = ByteUnit.mebiBytes(512);
        Path importDir;
        Path pluginsDir;
        boolean exitOnStdinEof;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--home" -> o.home = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "--bolt" -> o.setBolt(value(args, ++i, a));
                    case "--pagecache" -> o.pageCacheBytes = parseBytes(value(args, ++i, a));
                    case "--import-dir" -> o.importDir = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "--plugins" -> o.pluginsDir = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "--exit-on-stdin-eof" -> o.exitOnStdinEof = true;
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (o.home == null) {
                throw new IllegalArgumentException("--home is required");
            }
            return o;
        }

        private void setBolt(String addr) {
            int colon = addr.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--bolt wants host:port, got " + addr);
            }
            host = addr.substring(0, colon);
            try {
                port = Integer.parseInt(addr.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--bolt port is not a number: " + addr);
            }
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }

        static long parseBytes(String s) {
            String t = s.trim().toLowerCase();
            long unit = 1;
            if (t.endsWith("k")) unit = ByteUnit.kibiBytes(1);
            else if (t.endsWith("m")) unit = ByteUnit.mebiBytes(1);
            else if (t.endsWith("g")) unit = ByteUnit.gibiBytes(1);
            if (unit != 1) t = t.substring(0, t.length() - 1);
            try {
                return Long.parseLong(t) * unit;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a size: " + s + " (use e.g. 512m or 2g)");
            }
        }
    }
}
